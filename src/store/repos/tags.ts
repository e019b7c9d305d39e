export type TaggedResourceType = 'key' | 'secret'

export interface TagRecord {
  resourceType: TaggedResourceType
  resourceId: string
  tagKey: string
  tagValue: string
}

export interface TagRepo {
  /** Adds or overwrites tags by key. */
  put(resourceType: TaggedResourceType, resourceId: string, tags: Array<{ tagKey: string; tagValue: string }>): Promise<void>
  /** Removes the given tag keys (all tags when `tagKeys` is undefined); returns how many were removed. */
  remove(resourceType: TaggedResourceType, resourceId: string, tagKeys?: string[]): Promise<number>
  /** Ordered by tag key. */
  list(resourceType: TaggedResourceType, resourceId: string): Promise<TagRecord[]>
  /**
   * Tags of many resources for ListTagResources, ordered by (resourceId, tagKey), starting after the
   * `after` cursor; `resourceIds` and `tagKeys` narrow the result when given.
   */
  scan(query: {
    resourceType: TaggedResourceType
    resourceIds?: string[]
    tagKeys?: string[]
    after?: { resourceId: string; tagKey: string }
    limit: number
  }): Promise<TagRecord[]>
}
