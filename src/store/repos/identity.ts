/**
 * RAM identities: users, groups, roles, custom policies with versions, and which policies are attached to
 * whom. Every list is ordered by name, and pages with `after` (the last name of the previous page), which is
 * how RAM's `Marker` pages. Policy documents are stored as given (they are not secrets).
 */
export interface RamUserRecord {
  userName: string
  userId: string
  displayName: string
  email: string
  mobilePhone: string
  comments: string
  createdAt: number
  updatedAt: number
}

export interface RamGroupRecord {
  groupName: string
  groupId: string
  comments: string
  createdAt: number
  updatedAt: number
}

export interface RamRoleRecord {
  roleName: string
  roleId: string
  description: string
  assumeRolePolicyDocument: string
  /** Seconds, 3600–43200. */
  maxSessionDuration: number
  createdAt: number
  updatedAt: number
}

/** A custom policy; `nextVersion` numbers its versions (`v1`, `v2`, …) and is never reused. */
export interface RamPolicyRecord {
  policyName: string
  description: string
  defaultVersion: string
  nextVersion: number
  createdAt: number
  updatedAt: number
}

export interface RamPolicyVersionRecord {
  policyName: string
  versionId: string
  document: string
  createdAt: number
}

export type RamPrincipalType = 'User' | 'Group' | 'Role'
export type RamPolicyType = 'System' | 'Custom'

export interface RamAttachmentRecord {
  principalType: RamPrincipalType
  principalName: string
  policyType: RamPolicyType
  policyName: string
  attachedAt: number
}

/** Users, groups, roles and policies share one shape: addressed by name, listed in name order. */
export interface NamedRepo<T> {
  get(name: string): Promise<T | undefined>
  /** UniqueViolation if the name (or the generated id) exists. */
  insert(record: T): Promise<void>
  /** Replaces the row of `record`'s name; false when there is none. */
  update(record: T): Promise<boolean>
  delete(name: string): Promise<boolean>
  /** At most `limit` records with a name above `after`, in name order. */
  list(after: string | undefined, limit: number): Promise<T[]>
}

export interface RamMembership {
  groupName: string
  userName: string
  joinedAt: number
}

export interface IdentityRepos {
  readonly users: NamedRepo<RamUserRecord>
  readonly groups: NamedRepo<RamGroupRecord>
  readonly roles: NamedRepo<RamRoleRecord>
  readonly policies: NamedRepo<RamPolicyRecord>
  readonly policyVersions: {
    get(policyName: string, versionId: string): Promise<RamPolicyVersionRecord | undefined>
    /** Oldest first. */
    list(policyName: string): Promise<RamPolicyVersionRecord[]>
    /** UniqueViolation if the version exists. */
    insert(record: RamPolicyVersionRecord): Promise<void>
    delete(policyName: string, versionId: string): Promise<boolean>
  }
  readonly members: {
    /** False when the user already was a member. */
    add(m: RamMembership): Promise<boolean>
    remove(groupName: string, userName: string): Promise<boolean>
    groupsOf(userName: string): Promise<RamMembership[]>
    usersOf(groupName: string): Promise<RamMembership[]>
  }
  readonly attachments: {
    /** False when the policy already was attached to that principal. */
    attach(a: RamAttachmentRecord): Promise<boolean>
    detach(principalType: RamPrincipalType, principalName: string, policyType: RamPolicyType, policyName: string): Promise<boolean>
    /** In attachment order. */
    ofPrincipal(principalType: RamPrincipalType, principalName: string): Promise<RamAttachmentRecord[]>
    ofPolicy(policyType: RamPolicyType, policyName: string): Promise<RamAttachmentRecord[]>
  }
}
