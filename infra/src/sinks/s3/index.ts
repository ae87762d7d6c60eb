export { startS3Sink, type S3Object, type S3Sink, type S3SinkOptions, type S3SinkRequest } from './server';
export { verifySigV4, sigV4Algorithm, type SigV4Credentials, type SigV4Result } from './sigv4';
