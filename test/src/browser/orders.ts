import type { IntakeOrderInput, OrderCommand, OrderStatus, OrderView } from '@lianxin/contracts';
import type { Browser } from 'playwright-core';
import { eventually, type RunningSystem } from '../harness';
import { bearerFor } from '../tokens';

/** The steps of a browser test that happen off screen, through the services' APIs as the people would. */

export interface OpenedOrder {
  id: string;
  trackingCode: string;
}

/** 点单 by a signed-in member of staff (a call-centre agent by default): the order number and its 查询码. */
export async function openOrder(system: RunningSystem, intake: IntakeOrderInput, username = 'agent-hotline-1'): Promise<OpenedOrder> {
  const response = await fetch(`${system.residents.url}/api/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor(username)) },
    body: JSON.stringify(intake),
  });
  const body = (await response.json()) as OpenedOrder & { title?: string; detail?: string };
  if (response.status !== 201) throw new Error(`opening "${intake.title}" failed: HTTP ${response.status} ${body.title ?? ''} ${body.detail ?? ''}`);
  return { id: body.id, trackingCode: body.trackingCode };
}

/** One command by a signed-in person, through the service that takes it (cadres for staff's, residents for 撤单/回访). */
export async function commandAs(serviceUrl: string, username: string, orderId: string, command: OrderCommand): Promise<OrderView> {
  const response = await fetch(`${serviceUrl}/api/v1/orders/${orderId}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await bearerFor(username)) },
    body: JSON.stringify(command),
  });
  const body = (await response.json()) as OrderView & { title?: string; detail?: string };
  if (!response.ok) throw new Error(`${username}'s ${command.type} on ${orderId} was refused: HTTP ${response.status} ${body.title ?? ''} ${body.detail ?? ''}`);
  return body;
}

/** Waits until the residents' tracking read model (what the resident's page reads) shows the order in `status`. */
export function trackedInStatus(system: RunningSystem, order: OpenedOrder, status: OrderStatus): Promise<OrderView> {
  return eventually(
    async () => {
      const response = await fetch(`${system.residents.url}/api/v1/orders/${order.id}`, { headers: { 'x-tracking-code': order.trackingCode } });
      if (!response.ok) return undefined;
      const view = (await response.json()) as OrderView;
      return view.status === status ? view : undefined;
    },
    20_000,
    `${order.id} ${status} in the tracking read model`,
  );
}

/** A photo for a diary entry or as evidence: a PNG of a card with `caption`, drawn by the browser itself. */
export async function photoOf(browser: Browser, caption: string, colour = '#c62828'): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 320, height: 240 } });
  try {
    await page.setContent(
      `<body style="margin:0"><div style="width:320px;height:240px;display:flex;align-items:center;justify-content:center;background:${colour};color:#fff;font:600 28px sans-serif">${caption}</div></body>`,
    );
    return await page.screenshot({ type: 'png' });
  } finally {
    await page.close();
  }
}

/** Uploads a photo of the order as `username` (the attachments API of the residents service): its attachment id. */
export async function uploadPhoto(system: RunningSystem, username: string, orderId: string, png: Buffer, filename = 'photo.png'): Promise<string> {
  const response = await fetch(`${system.residents.url}/api/v1/orders/${orderId}/attachments`, {
    method: 'POST',
    headers: { 'content-type': 'image/png', 'x-filename': filename, ...(await bearerFor(username)) },
    body: new Uint8Array(png),
  });
  const body = (await response.json()) as { id?: string; title?: string; detail?: string };
  if (response.status !== 201 || !body.id) throw new Error(`uploading ${filename} to ${orderId} failed: HTTP ${response.status} ${body.title ?? ''} ${body.detail ?? ''}`);
  return body.id;
}
