/** What the request pipelines report to the metrics registry (metrics.ts), through the request observer. */
export interface RequestMetrics {
  started(plane: 'openapi' | 'instance'): void
  /** `action` is a registry name or 'unknown'; `code` an error code or 'Success'. */
  finished(plane: 'openapi' | 'instance', action: string, code: string, status: number, seconds: number): void
}
