import { logger } from "@/lib/logger";

/**
 * Outgoing mail. Gatehouse sends none yet: the invitation link is shown to the person who invited, who
 * passes it on. A deployment that can send mail installs a sender with `setMailSender`.
 */

export interface InvitationMail {
  invitationId: string;
  to: string;
  organizationName: string;
  role: string;
  /** Carries the one-use token: a sender may put it in the message, never in a log. */
  inviteUrl: string;
  expiresAt: Date;
}

export interface MailSender {
  sendInvitation(mail: InvitationMail): Promise<void>;
}

/**
 * Without a sender, only the fact is logged, never the link: the link is a one-use credential (whoever
 * holds it can join the organization), and logs are read by more people and kept longer than an
 * invitation lives. The inviter gets it instead, in the API's answer and on the Members page with a copy
 * button, and passes it on.
 */
const logOnlySender: MailSender = {
  async sendInvitation(mail) {
    logger.info("invitation created; no mail sender is configured, so the link is shown to the inviter", {
      invitationId: mail.invitationId,
      organization: mail.organizationName,
      role: mail.role,
    });
  },
};

let sender: MailSender = logOnlySender;

/** Installs the deployment's sender; `null` goes back to logging that an invitation exists. */
export function setMailSender(next: MailSender | null): void {
  sender = next ?? logOnlySender;
}

export function getMailSender(): MailSender {
  return sender;
}
