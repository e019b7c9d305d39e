/** One page of a listing and how it was asked for (the repos' list methods). */
export interface Page<T> {
  items: T[]
  total: number
}

export interface PageRequest {
  offset: number
  limit: number
}
