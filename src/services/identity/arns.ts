/** RAM ARNs: principals (`acs:ram::<account>:user/<name>`…), roles and policies, as RAM and STS return them. */
export const principalArn = {
  root: (accountId: string) => `acs:ram::${accountId}:root`,
  user: (accountId: string, userName: string) => `acs:ram::${accountId}:user/${userName}`,
  role: (accountId: string, roleName: string) => `acs:ram::${accountId}:role/${roleName.toLowerCase()}`,
  assumedRole: (accountId: string, roleName: string, sessionName: string) =>
    `acs:ram::${accountId}:assumed-role/${roleName}/${sessionName}`,
  group: (accountId: string, groupName: string) => `acs:ram::${accountId}:group/${groupName}`,
  policy: (accountId: string, policyType: string, policyName: string) =>
    `acs:ram::${accountId}:policy/${policyType === 'System' ? 'system' : 'custom'}/${policyName}`,
}

/** `acs:ram::<account>:role/<name>` (the name case-insensitively, as RAM lower-cases it in ARNs). */
export function parseRoleArn(value: string): { accountId: string; roleName: string } | undefined {
  const m = /^acs:ram::(\d+):role\/([A-Za-z0-9.-]{1,64})$/.exec(value)
  return m ? { accountId: m[1]!, roleName: m[2]! } : undefined
}
