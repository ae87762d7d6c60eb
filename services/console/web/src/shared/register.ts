import { useEffect, useState } from 'react';
import { allPages, useApi, type ServicesApi } from '../api/services';
import type { Grid, Organisation } from '../api/types';

export interface RegisterNames {
  grids: Map<string, Grid>;
  organisations: Map<string, Organisation>;
}

let cached: { at: number; names: Promise<RegisterNames> } | undefined;
const cacheMs = 5 * 60_000;

/** The register's grids and organisations (a few hundred entries), read once every few minutes per page. */
export function registerNames(api: ServicesApi): Promise<RegisterNames> {
  if (cached && Date.now() - cached.at < cacheMs) return cached.names;
  const names = Promise.all([allPages<Grid>((page) => api.cadres.grids(page)), allPages<Organisation>((page) => api.cadres.organisations(page))]).then(
    ([grids, organisations]) => ({ grids: new Map(grids.map((g) => [g._id, g])), organisations: new Map(organisations.map((o) => [o._id, o])) }),
  );
  cached = { at: Date.now(), names };
  names.catch(() => {
    cached = undefined;
  });
  return names;
}

/** The register's names, once loaded (ids are shown until then). */
export function useRegisterNames(): RegisterNames | undefined {
  const api = useApi();
  const [names, setNames] = useState<RegisterNames | undefined>();
  useEffect(() => {
    let live = true;
    registerNames(api).then(
      (loaded) => live && setNames(loaded),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  return names;
}

/** A grid's name (or its id while the register loads). */
export function gridName(names: RegisterNames | undefined, gridId: string | undefined): string {
  if (!gridId) return '—';
  return names?.grids.get(gridId)?.name ?? gridId;
}
