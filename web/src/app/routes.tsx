import { Paragraph } from "@digdir/designsystemet-react";
import { AppLink } from "@/components/AppLink";
import { createBrowserRouter } from "react-router";
import { PageHeading } from "@/components/Status";
import { SignInPage } from "@/features/auth";
import { CasePage, CasesPage, RegisterCasePage } from "@/features/cases";
import { AnnualPlansPage } from "@/features/annual-plans";
import { AuditLogPage } from "@/features/audit";
import { CompliancePage } from "@/features/compliance";
import { DecisionPage, DecisionsPage } from "@/features/decisions";
import { DocumentEditPage, DocumentPage, DocumentsPage } from "@/features/documents";
import { MeetingPage, MeetingsPage, PlanMeetingPage, SessionPage } from "@/features/meetings";
import { NotificationsPage } from "@/features/notifications";
import { MyWorkPage } from "@/features/overview";
import {
  BodyMembershipsPage,
  OrganizationPage,
  OrganizationsPage,
  PersonPage,
  PersonsPage,
  RegistersPage,
} from "@/features/registers";
import { SessionsPage } from "@/features/sessions";
import { EstablishPage, SubcommitteePage, SubcommitteesPage } from "@/features/subcommittees";
import { NewWebhookPage, WebhookPage, WebhooksPage } from "@/features/webhooks";
import { Shell } from "./Shell";

function NotFound() {
  return (
    <>
      <PageHeading title="Fant ikke siden">Fant ikke siden</PageHeading>
      <Paragraph>
        Adressen finnes ikke i arbeidsflaten. <AppLink to="/">Gå til Mitt arbeid</AppLink>.
      </Paragraph>
    </>
  );
}

export const router = createBrowserRouter(
  [
    { element: <Shell signedIn={false} />, children: [{ path: "logg-inn", element: <SignInPage /> }] },
    {
      element: <Shell signedIn />,
      children: [
        { index: true, element: <MyWorkPage /> },
        { path: "saker", element: <CasesPage /> },
        { path: "saker/ny", element: <RegisterCasePage /> },
        { path: "saker/:caseId", element: <CasePage /> },
        { path: "dokumenter", element: <DocumentsPage /> },
        { path: "dokumenter/ny", element: <DocumentEditPage /> },
        { path: "dokumenter/:documentId", element: <DocumentPage /> },
        { path: "dokumenter/:documentId/rediger", element: <DocumentEditPage /> },
        { path: "moter", element: <MeetingsPage /> },
        { path: "moter/ny", element: <PlanMeetingPage /> },
        { path: "moter/:meetingId", element: <MeetingPage /> },
        { path: "moter/:meetingId/mote", element: <SessionPage /> },
        { path: "vedtak", element: <DecisionsPage /> },
        { path: "vedtak/:decisionId", element: <DecisionPage /> },
        { path: "underutvalg", element: <SubcommitteesPage /> },
        { path: "underutvalg/nytt", element: <EstablishPage /> },
        { path: "underutvalg/:subcommitteeId", element: <SubcommitteePage /> },
        { path: "arsplaner", element: <AnnualPlansPage /> },
        { path: "registre", element: <RegistersPage /> },
        { path: "registre/organisasjoner", element: <OrganizationsPage /> },
        { path: "registre/organisasjoner/ny", element: <OrganizationPage /> },
        { path: "registre/organisasjoner/:organizationId", element: <OrganizationPage /> },
        { path: "registre/personer", element: <PersonsPage /> },
        { path: "registre/personer/ny", element: <PersonPage /> },
        { path: "registre/personer/:personId", element: <PersonPage /> },
        { path: "registre/organer/:bodyId", element: <BodyMembershipsPage /> },
        { path: "varsler", element: <NotificationsPage /> },
        { path: "samsvar", element: <CompliancePage /> },
        { path: "revisjonslogg", element: <AuditLogPage /> },
        { path: "webhooker", element: <WebhooksPage /> },
        { path: "webhooker/ny", element: <NewWebhookPage /> },
        { path: "webhooker/:webhookId", element: <WebhookPage /> },
        { path: "mine-okter", element: <SessionsPage /> },
        { path: "*", element: <NotFound /> },
      ],
    },
  ],
  { basename: "/arbeid" },
);
