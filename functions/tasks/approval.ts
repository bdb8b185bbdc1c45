/**
 * Task handlers of the approval workflow (`definitions/human-approval.asl.json`).
 */

/**
 * Sends the approval request (here: returns what a mailer would send). The decision arrives later
 * through `SendTaskSuccess` with the task token.
 */
export async function RequestApproval(input: {
  expenseId: string;
  amount: number;
  approver: string;
  taskToken: string;
}) {
  return { sentTo: input.approver, expenseId: input.expenseId, approveWith: input.taskToken };
}

/** Tells the manager that an approval expired. */
export async function NotifyManager(input: { expenseId: string; reason: string }) {
  return { notified: true, expenseId: input.expenseId, reason: input.reason };
}
