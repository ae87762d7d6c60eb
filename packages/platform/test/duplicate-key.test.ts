import mongoose from 'mongoose';
import { isDuplicateKey } from '../src/mongo';

describe('isDuplicateKey', () => {
  it('knows a single write refused for a duplicate key', () => {
    expect(isDuplicateKey(new mongoose.mongo.MongoServerError({ message: 'E11000 duplicate key error', code: 11000 }))).toBe(true);
  });

  it('knows an ordered bulk insert whose first failed write was a duplicate', () => {
    expect(isDuplicateKey({ writeErrors: [{ code: 11000, index: 3 }], insertedCount: 3 })).toBe(true);
    expect(isDuplicateKey({ writeErrors: { code: 11000, index: 0 } })).toBe(true);
  });

  it('leaves every other failure alone', () => {
    expect(isDuplicateKey(new mongoose.mongo.MongoServerError({ message: 'not primary', code: 10107 }))).toBe(false);
    expect(isDuplicateKey({ writeErrors: [{ code: 121 }] })).toBe(false);
    expect(isDuplicateKey(new Error('E11000 in a message is not a code'))).toBe(false);
    expect(isDuplicateKey(undefined)).toBe(false);
    expect(isDuplicateKey('11000')).toBe(false);
  });
});
