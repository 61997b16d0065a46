// Fixed vocabularies of the synthetic organisation.
import type { RequestStatus, RequestType } from '../../shared/domain';

export const DEPARTMENTS = [
  ['Engineering', 30],
  ['Sales', 15],
  ['Customer Support', 12],
  ['Marketing', 8],
  ['Finance', 7],
  ['Human Resources', 5],
  ['Legal', 3],
  ['Operations', 8],
  ['Product', 7],
  ['IT', 5],
] as const;

/** [IANA zone, fixed UTC offset in minutes (standard time), weight]. */
export const TIMEZONES = [
  ['America/New_York', -300, 25],
  ['America/Chicago', -360, 10],
  ['America/Los_Angeles', -480, 18],
  ['Europe/London', 0, 14],
  ['Europe/Berlin', 60, 12],
  ['Europe/Paris', 60, 6],
  ['Asia/Kolkata', 330, 8],
  ['Asia/Singapore', 480, 4],
  ['Australia/Sydney', 600, 3],
] as const;

export type DeviceKind = 'mac' | 'windows' | 'iphone' | 'android' | 'linux' | 'ipad';

export const DEVICE_KINDS: readonly (readonly [DeviceKind, number])[] = [
  ['mac', 34],
  ['windows', 30],
  ['iphone', 20],
  ['android', 9],
  ['linux', 4],
  ['ipad', 3],
];

export const OS_VERSIONS: Record<DeviceKind, readonly (readonly [string, number])[]> = {
  mac: [
    ['macOS 15.2', 30],
    ['macOS 15.1', 35],
    ['macOS 14.7', 20],
    ['macOS 14.6', 10],
    ['macOS 13.7', 5],
  ],
  windows: [
    ['Windows 11 23H2', 40],
    ['Windows 11 24H2', 30],
    ['Windows 10 22H2', 30],
  ],
  iphone: [
    ['iOS 18.2', 45],
    ['iOS 18.1', 30],
    ['iOS 17.7', 25],
  ],
  ipad: [
    ['iPadOS 18.2', 60],
    ['iPadOS 17.7', 40],
  ],
  android: [
    ['Android 15', 40],
    ['Android 14', 45],
    ['Android 13', 15],
  ],
  linux: [
    ['Ubuntu 24.04', 60],
    ['Ubuntu 22.04', 30],
    ['Fedora 41', 10],
  ],
};

export const DEVICE_MODELS: Record<DeviceKind, readonly string[]> = {
  mac: ['MacBook Pro', 'MacBook Air', 'iMac', 'Mac mini'],
  windows: ['ThinkPad X1 Carbon', 'Latitude 7440', 'Surface Laptop 6', 'EliteBook 840', 'XPS 13'],
  iphone: ['iPhone 16', 'iPhone 15 Pro', 'iPhone 14', 'iPhone 16 Pro'],
  ipad: ['iPad Air', 'iPad Pro'],
  android: ['Pixel 9', 'Pixel 8a', 'Galaxy S24', 'Galaxy A55'],
  linux: ['ThinkPad T14', 'Framework 13', 'XPS 15'],
};

export const APPS = [
  'Jira',
  'GitHub',
  'Salesforce',
  'Workday',
  'Confluence',
  'Slack',
  'AWS Console',
  'Zoom',
  'Google Workspace',
  'Zendesk',
  'NetSuite',
  'Figma',
  'Datadog',
  'BambooHR',
] as const;
export type App = (typeof APPS)[number];

/** App weights per department; every user also gets a little of everything common. */
export const DEPARTMENT_APPS: Record<string, readonly (readonly [App, number])[]> = {
  Engineering: [
    ['GitHub', 30],
    ['Jira', 22],
    ['AWS Console', 14],
    ['Confluence', 10],
    ['Slack', 14],
    ['Datadog', 8],
    ['Zoom', 5],
  ],
  Sales: [
    ['Salesforce', 40],
    ['Slack', 15],
    ['Zoom', 20],
    ['Google Workspace', 15],
    ['Confluence', 5],
  ],
  'Customer Support': [
    ['Zendesk', 40],
    ['Slack', 20],
    ['Jira', 12],
    ['Confluence', 12],
    ['Zoom', 8],
  ],
  Marketing: [
    ['Google Workspace', 25],
    ['Figma', 20],
    ['Slack', 20],
    ['Salesforce', 10],
    ['Zoom', 10],
    ['Confluence', 8],
  ],
  Finance: [
    ['NetSuite', 35],
    ['Workday', 20],
    ['Google Workspace', 20],
    ['Slack', 12],
    ['Zoom', 8],
  ],
  'Human Resources': [
    ['Workday', 35],
    ['BambooHR', 25],
    ['Google Workspace', 15],
    ['Slack', 12],
    ['Zoom', 10],
  ],
  Legal: [
    ['Google Workspace', 30],
    ['Confluence', 20],
    ['Slack', 20],
    ['Zoom', 15],
    ['Workday', 5],
  ],
  Operations: [
    ['Jira', 20],
    ['Confluence', 20],
    ['Slack', 20],
    ['Google Workspace', 15],
    ['Zoom', 10],
    ['NetSuite', 10],
  ],
  Product: [
    ['Jira', 30],
    ['Figma', 20],
    ['Confluence', 20],
    ['Slack', 15],
    ['Zoom', 10],
    ['GitHub', 5],
  ],
  IT: [
    ['AWS Console', 20],
    ['Jira', 20],
    ['GitHub', 10],
    ['Slack', 15],
    ['Datadog', 15],
    ['Confluence', 10],
    ['Zoom', 5],
  ],
};
export const DEFAULT_APPS: readonly (readonly [App, number])[] = [
  ['Slack', 30],
  ['Google Workspace', 20],
  ['Zoom', 20],
  ['Workday', 5],
  ['Confluence', 15],
  ['Jira', 10],
];

export const DENY_REASONS = [
  ['mfa_failed', 40],
  ['device_posture_failed', 22],
  ['session_expired', 12],
  ['risk_score_high', 10],
  ['os_outdated', 8],
  ['account_locked', 4],
] as const;

/** Office egress networks (documentation ranges) and home ISP prefixes. */
export const OFFICE_NETWORKS = ['198.51.100', '203.0.113', '192.0.2'] as const;
export const HOME_PREFIXES = ['73', '24', '98', '86', '81', '92', '49', '106', '122', '101'] as const;
export const TRAVEL_PREFIXES = ['185.220', '41.58', '177.54', '31.13', '103.21', '5.62', '62.210'] as const;

export const STATUS_WEIGHTS: readonly (readonly [RequestStatus, number])[] = [
  ['received', 20],
  ['verifying', 20],
  ['in_progress', 25],
  ['approved', 7],
  ['partially_approved', 4],
  ['denied', 6],
  ['completed', 14],
  ['closed_duplicate', 4],
];

export const REQUEST_SUMMARIES: Record<RequestType, readonly string[]> = {
  opt_out: [
    'Asks the company not to sell or share their personal information.',
    'Opts out of the sharing of sign-in data with analytics partners.',
  ],
  limit: [
    'Asks to limit the use of their precise location to what the service needs.',
    'Limits the use of sensitive personal information (device identifiers, location).',
  ],
  access: [
    'Asks what personal data the access service holds about them and why.',
    'Requests confirmation of processing and the categories of data collected.',
  ],
  access_specific: [
    'Requests the specific pieces of personal information collected in the last 12 months.',
    'Wants a copy of every access log entry recorded for their account.',
  ],
  portability: [
    'Requests their access history in a machine-readable format to move to a new employer.',
    'Asks for a portable export of profile, devices and sign-in records.',
  ],
  erasure: [
    'Left the company and asks for deletion of all personal data.',
    'Requests erasure of sign-in history and device records.',
  ],
  rectification: [
    'Reports that their display name and department are wrong.',
    'Asks to correct an outdated email address on file.',
  ],
  restriction: [
    'Contests the accuracy of logged locations and asks to restrict processing meanwhile.',
    'Requests restriction of processing pending an objection decision.',
  ],
  objection: [
    'Objects to the use of access logs for behavioural analytics.',
    'Objects to processing of device data for risk scoring.',
  ],
};

export const DENIAL_EXEMPTIONS = [
  'GDPR Art. 17(3)(b) legal obligation',
  'GDPR Art. 17(3)(e) legal claims',
  'CCPA 1798.105(d)(2) security incident detection',
  'Identity could not be verified',
] as const;
