import { useEffect, useId, useState } from 'react';
import { attachmentIdOf } from '../../shared/attachments';
import type { ResidentApi, TimelineEntry } from './api';
import { formatInstant } from './clocks';
import { card, palette, secondary, sectionHeading } from './styles';
import type { ResidentText } from './text';

/** The references to photos an entry carries: 民情日记's `photos`, 办结's `evidence`. */
function photoIdsOf(entry: TimelineEntry): string[] {
  const refs = [entry.details['photos'], entry.details['evidence']].flatMap((value) => (Array.isArray(value) ? value : []));
  return refs.flatMap((ref) => {
    const id = typeof ref === 'string' ? attachmentIdOf(ref) : undefined;
    return id ? [id] : [];
  });
}

/**
 * One photo of the order: fetched with the tracking code (an <img> cannot send the header) and
 * shown from a blob: URL, released again when the photo leaves the page.
 */
function OrderPhoto({ api, attachmentId, alt, text }: { api: ResidentApi; attachmentId: string; alt: string; text: ResidentText['timeline'] }) {
  const [state, setState] = useState<{ url?: string; failed?: boolean }>({});
  useEffect(() => {
    const controller = new AbortController();
    let url: string | undefined;
    api.attachment(attachmentId, controller.signal).then(
      (blob) => {
        url = URL.createObjectURL(blob);
        setState({ url });
      },
      () => {
        if (!controller.signal.aborted) setState({ failed: true });
      },
    );
    return () => {
      controller.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, attachmentId]);
  const frame = { width: '100%', aspectRatio: '4 / 3', borderRadius: 8, background: palette.pageBackground, display: 'block' } as const;
  if (state.url) return <img src={state.url} alt={alt} style={{ ...frame, objectFit: 'cover' }} />;
  return (
    <div style={{ ...frame, display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 8, ...secondary }}>
      {state.failed ? text.photoFailed : text.photoLoading}
    </div>
  );
}

/**
 * 办理记录: every step of the order, newest first, with who did it (by role; the staff's names are in
 * the line itself), the service's zh-CN line and the photos of 民情日记 and 办结.
 */
export function OrderTimeline({ entries, api, text, language }: { entries: readonly TimelineEntry[]; api: ResidentApi; text: ResidentText['timeline']; language: string }) {
  const headingId = useId();
  const newestFirst = [...entries].sort((a, b) => b.sequence - a.sequence);
  let photoNumber = 0;
  return (
    <section aria-labelledby={headingId} style={card}>
      <h2 id={headingId} style={sectionHeading}>
        {text.heading}
      </h2>
      {newestFirst.length === 0 ? <p style={secondary}>{text.empty}</p> : null}
      <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {newestFirst.map((entry) => {
          const photos = photoIdsOf(entry);
          const englishName = text.events?.[entry.type];
          return (
            <li key={entry.sequence} style={{ position: 'relative', padding: '0 0 16px 20px', borderLeft: `2px solid ${palette.border}`, marginLeft: 6 }}>
              <span aria-hidden="true" style={{ position: 'absolute', left: -7, top: 6, width: 12, height: 12, borderRadius: 6, background: entry.actor.role === 'system' ? palette.secondaryText : palette.overdueText }} />
              <div style={{ ...secondary, fontSize: 14 }}>
                <time dateTime={entry.at}>{formatInstant(entry.at, language)}</time> · {text.roles[entry.actor.role]}
              </div>
              <p style={{ margin: '2px 0 0' }}>
                {englishName ? <strong>{englishName}: </strong> : null}
                <span lang="zh-CN">{entry.summary}</span>
              </p>
              {photos.length > 0 ? (
                <ul aria-label={text.photos} style={{ listStyle: 'none', margin: '8px 0 0', padding: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 8 }}>
                  {photos.map((id) => {
                    photoNumber += 1;
                    return (
                      <li key={`${entry.sequence}-${id}`}>
                        <OrderPhoto api={api} attachmentId={id} alt={`${text.photo(photoNumber)} · ${formatInstant(entry.at, language)}`} text={text} />
                      </li>
                    );
                  })}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
