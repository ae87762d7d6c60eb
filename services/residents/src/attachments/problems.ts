import { attachmentContentTypes, AttachmentRefused } from '@lianxin/attachments';
import { HttpProblem } from '@lianxin/platform';

const mebibytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** A refused file as the problem the uploader can act on (zh-CN title, machine type, the limit). */
export function refusalProblem(refused: AttachmentRefused): HttpProblem {
  const types = refused.limits.contentTypes ?? attachmentContentTypes;
  switch (refused.reason) {
    case 'too-large': {
      const maxBytes = refused.limits.maxBytes ?? 0;
      return new HttpProblem(413, 'attachment-too-large', '附件过大', `单个附件不能超过 ${mebibytes(maxBytes)}（${maxBytes} 字节）`, { maxBytes });
    }
    case 'unsupported-type':
      return new HttpProblem(415, 'unsupported-attachment-type', '不支持的附件类型', `Content-Type 应为文件的类型，只接受 ${types.join('、')}`, { accepted: [...types] });
    case 'type-mismatch':
      return new HttpProblem(415, 'attachment-type-mismatch', '文件内容与声明的类型不符', `按文件头判断，这不是所声明类型的文件；只接受 ${types.join('、')}`, { accepted: [...types] });
    case 'empty':
      return new HttpProblem(400, 'empty-attachment', '附件为空', '请求体应为文件内容');
    case 'too-many': {
      const maxPerOrder = refused.limits.maxPerOrder ?? 0;
      return new HttpProblem(422, 'too-many-attachments', '附件数量已达上限', `每个工单最多 ${maxPerOrder} 个附件`, { maxPerOrder });
    }
  }
}

export const attachmentNotFound = (id: string) => new HttpProblem(404, 'attachment-not-found', '附件不存在', `该工单没有附件 ${id}`);

/** Runs `work`, turning a refused file into its problem. */
export async function orRefusalProblem<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof AttachmentRefused ? refusalProblem(error) : error;
  }
}
