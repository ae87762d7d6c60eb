import { useEffect, useState } from 'react';
import { Image, Tag } from 'antd';
import { PictureOutlined } from '@ant-design/icons';
import { useApi } from '../api/services';
import { useText } from '../i18n';

const text = {
  'zh-CN': { photo: '照片', failed: '照片无法加载', loading: '照片加载中' },
  en: { photo: 'Photo', failed: 'Photo unavailable', loading: 'Loading photo' },
};

/**
 * The attachment id a photo reference names: `attachment:<id>`, a URL ending in
 * `/attachments/<id>`, or a bare id; undefined for anything else (e.g. `photo://lamp.jpg`).
 */
export function attachmentIdOf(ref: string): string | undefined {
  const prefixed = /^attachment:(.+)$/.exec(ref);
  if (prefixed) return prefixed[1];
  const inPath = /\/attachments\/([^/?#]+)/.exec(ref);
  if (inPath) return decodeURIComponent(inPath[1]!);
  if (/^[A-Za-z0-9_-]{6,128}$/.test(ref)) return ref;
  return undefined;
}

/** A blob: URL of an order's attachment, fetched with the bearer token; revoked when no longer shown. */
export function useAttachmentUrl(orderId: string, attachmentId: string | undefined): { url?: string; failed: boolean } {
  const api = useApi();
  const [state, setState] = useState<{ url?: string; failed: boolean }>({ failed: false });
  useEffect(() => {
    if (!attachmentId) return undefined;
    const controller = new AbortController();
    let url: string | undefined;
    api.client.blob(api.residents.attachmentUrl(orderId, attachmentId), { signal: controller.signal }).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        setState({ url, failed: false });
      },
      () => {
        if (!controller.signal.aborted) setState({ failed: true });
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, orderId, attachmentId]);
  return state;
}

/** One photo of an order (diary entry or evidence), previewable; a reference that is not an attachment shows as text. */
export function AttachmentPhoto({ orderId, reference, index, label }: { orderId: string; reference: string; index: number; label?: string }) {
  const t = useText(text);
  const id = attachmentIdOf(reference);
  const { url, failed } = useAttachmentUrl(orderId, id);
  const alt = `${label ?? t.photo} ${index + 1}`;
  if (!id) return <Tag icon={<PictureOutlined />}>{reference}</Tag>;
  if (failed) return <Tag icon={<PictureOutlined />}>{`${alt}：${t.failed}`}</Tag>;
  if (!url) return <Tag icon={<PictureOutlined />} aria-busy="true">{`${alt}：${t.loading}`}</Tag>;
  return <Image src={url} alt={alt} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 4 }} data-testid="attachment-photo" />;
}

export function AttachmentGallery({ orderId, references, label }: { orderId: string; references: readonly string[]; label?: string }) {
  if (references.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
        {references.map((ref, i) => (
          <AttachmentPhoto key={`${ref}-${i}`} orderId={orderId} reference={ref} index={i} {...(label ? { label } : {})} />
        ))}
      </div>
    </Image.PreviewGroup>
  );
}
