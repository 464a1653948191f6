export { MeetingPage } from "./MeetingPage";
export { MeetingsPage } from "./MeetingsPage";
export { PlanMeetingPage } from "./PlanMeetingPage";
export { SessionPage } from "./SessionPage";
