import type { CSSProperties } from 'react';

/** Colours of the resident's page: every text colour at least 4.5:1 on its background (WCAG AA). */
export const palette = {
  text: '#1f1f1f',
  /** #595959 on white: 7:1. */
  secondaryText: '#595959',
  pageBackground: '#f5f5f5',
  cardBackground: '#ffffff',
  border: '#d9d9d9',
  calmBackground: '#e6f4ff',
  overdueBackground: '#fff1f0',
  /** #a8071a on #fff1f0: 7:1. */
  overdueText: '#a8071a',
  done: '#135200',
  doneBackground: '#f6ffed',
} as const;

/** Mobile first: one column as wide as the phone, centred and no wider than a phone and a half on a desk. */
export const page: CSSProperties = {
  maxWidth: 600,
  margin: '0 auto',
  padding: '16px 12px 32px',
  color: palette.text,
  lineHeight: 1.6,
};

export const card: CSSProperties = {
  background: palette.cardBackground,
  borderRadius: 12,
  padding: '16px',
  marginTop: 16,
  boxShadow: '0 1px 3px rgba(0,0,0,0.08)',
};

export const sectionHeading: CSSProperties = { fontSize: 18, fontWeight: 600, margin: '0 0 8px' };

export const secondary: CSSProperties = { color: palette.secondaryText };
