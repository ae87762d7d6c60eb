/** The register's collections in the cadres database: the cadres service's own, read by no one else. */
export const registerCollections = {
  organisations: 'organisations',
  grids: 'grids',
  members: 'members',
  socialOrgs: 'social_orgs',
  /** 通讯录: kept apart from the lists, read by the notifying services only. */
  contactPoints: 'contact_points',
} as const;

export type RegisterCollection = (typeof registerCollections)[keyof typeof registerCollections];
