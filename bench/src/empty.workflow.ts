/** The baseline: a workflow that does nothing, to compare the order workflow's rate against. */
export async function emptyWorkflow(): Promise<string> {
  return 'done';
}
