import { createContext, createElement, useContext, type ReactNode } from 'react';

/** What the console server tells the app (`GET /config.json`): where to sign in and where the services are. */
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
  services: { residents: string; cadres: string; notifications: string };
}

const ConfigContext = createContext<ConsoleConfig | null>(null);

function isConsoleConfig(value: unknown): value is ConsoleConfig {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<ConsoleConfig>;
  const s = v.services as Partial<ConsoleConfig['services']> | undefined;
  return (
    typeof v.issuer === 'string' &&
    typeof v.clientId === 'string' &&
    !!s &&
    typeof s.residents === 'string' &&
    typeof s.cadres === 'string' &&
    typeof s.notifications === 'string'
  );
}

/** Loads `/config.json` (before the app renders). */
export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json: HTTP ${response.status}`);
  const body: unknown = await response.json();
  if (!isConsoleConfig(body)) throw new Error('/config.json: unexpected content');
  return body;
}

export function ConfigProvider({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  return createElement(ConfigContext.Provider, { value: config }, children);
}

/** The console's configuration (loaded from /config.json before render). */
export function useConfig(): ConsoleConfig {
  const config = useContext(ConfigContext);
  if (!config) throw new Error('useConfig outside ConfigProvider');
  return config;
}
