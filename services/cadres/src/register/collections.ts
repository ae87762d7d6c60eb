/** The register's collections in the cadres database: the cadres service's own, read by no one else. */
export const registerCollections = {
  organisations: 'organisations',
  grids: 'grids',
  members: 'members',
  socialOrgs: 'social_orgs',
} as const;

export type RegisterCollection = (typeof registerCollections)[keyof typeof registerCollections];
