/**
 * Who a request acts as, once its signature is verified. The account's own AccessKeys act as `root` (full rights,
 * as an Alibaba account's keys do); RAM users and STS sessions are authorised by their policies.
 * ARNs follow RAM: `acs:ram::<account>:root`, `acs:ram::<account>:user/<name>`,
 * `acs:ram::<account>:assumed-role/<role>/<session>`.
 */
export interface Principal {
  readonly kind: 'root' | 'user' | 'assumed-role'
  readonly accountId: string
  /** The AccessKeyId that signed the request (an `STS.` id for a session). */
  readonly accessKeyId: string
  readonly arn: string
  /** RAM user name and id, for kind `user`. */
  readonly userName?: string
  readonly userId?: string
  /** Role name, id and session name, for kind `assumed-role`. */
  readonly roleName?: string
  readonly roleId?: string
  readonly sessionName?: string
}
