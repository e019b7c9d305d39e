/** RAM ids: users, groups and roles carry a 16-digit numeric id, as on Alibaba (`UserId`, `GroupId`, `RoleId`). */
import { randomInt } from 'node:crypto'

export function newRamId(): string {
  let id = String(randomInt(1, 10))
  for (let i = 0; i < 15; i++) id += String(randomInt(0, 10))
  return id
}
