// The demo organisation's disclosures: those of the service's privacy policy
// (../shared/reference/service-privacy-policy.txt, "Zentry Security Privacy Policy", last modified
// December 11, 2022) — its California chart of categories, sources, purposes and disclosures
// (section 9), its retention (section 7), storage in the United States with standard contractual
// clauses (sections 7 and 8), and no profiling beyond authentication and security (section 7).
// Owners replace them in Settings; they sync as part of the organisation's settings.
//
// Pure TypeScript: no node:*, no DOM.
import type { Disclosures } from './org-settings';

const LAW_ENFORCEMENT = 'Law enforcement in the event of a lawful request';
const CORPORATE = 'With entities in the event of a corporate transaction';
const CONSENT = 'With your consent';

export const DEMO_DISCLOSURES: Disclosures = {
  controller:
    'Zentry Security, Inc., 1371 McCarthy Blvd., Milpitas, CA 95035 USA (your organisation may be the controller when Zentry acts on its behalf)',
  contact: 'support@zentrysecurity.com',
  purposes: [
    'Create an account and provide you with the Services',
    'Contact you for administrative purposes',
    'Reply to your support requests',
    "Provide your organization's assigned administrators with reporting, analytics and visualization features",
    'Improve the Services and develop new products, services, features and functionality',
    'Maintain the integrity and security of the Services, prevent fraud and troubleshoot errors',
    'Comply with legal requirements',
  ],
  categories: [
    {
      category: 'Contact information',
      examples: 'Name, title, employer, email address, phone number',
      sources: ['You', 'Your organization'],
      purposes: [
        'To fulfill orders and provide the Services',
        'Communicate with you for administrative and other purposes',
        'Analyze use of and personalize the Services',
        'Improve the Services',
        'Provide security, prevent fraud, and for troubleshooting errors',
        'Comply with legal requirements',
      ],
      disclosedTo: [
        'Hosting and other trusted service providers',
        'Law enforcement in the event of a lawful request or to others to prevent harm',
        CORPORATE,
        CONSENT,
        'Third-party services and resources your organization permits you to access',
      ],
    },
    {
      category: 'Financial and transactional information',
      examples: 'Payment account information and purchase history',
      sources: ['You', 'Your organization'],
      purposes: [
        'Provide the Services ordered',
        'Facilitate your payments',
        'Provide security and prevent fraud and abuse',
        'Comply with legal requirements',
      ],
      disclosedTo: ['Payment processors', LAW_ENFORCEMENT, CORPORATE, CONSENT],
    },
    {
      category: 'Login credentials',
      examples: 'Your account name and password',
      sources: ['You', 'Your organization'],
      purposes: [
        'Authenticate you and authorized users of the Services',
        'Provide security, and prevent fraud and abuse',
      ],
      disclosedTo: [
        'Third-party service providers as needed to interoperate',
        LAW_ENFORCEMENT,
        CORPORATE,
        CONSENT,
      ],
    },
    {
      category: 'Device and online identifier information',
      examples:
        'Device ID, IP address, browser type, operating system, general location inferred from IP address, and similar information',
      sources: ['You, through your device'],
      purposes: [
        'Provide the Services',
        'Analyze use of and personalize the Services',
        'Improve the Services',
        'Provide security, and prevent fraud and abuse',
      ],
      disclosedTo: ['Hosting and other trusted service providers', LAW_ENFORCEMENT, CORPORATE, CONSENT],
    },
    {
      category: 'Service usage information',
      examples:
        'The dates and times you use the Services, how you use the Services, and the content you interact with on the Services',
      sources: [
        'You, through authentication to the ZTA solution',
        'You, through your device and tracking technologies',
      ],
      purposes: [
        'Provide the Services and for billing purposes',
        'Analyze use of and personalize the Services',
        'Improve the Services',
        'Provide security, and prevent fraud and abuse',
        'Comply with legal requirements',
      ],
      disclosedTo: [
        'Third-party service providers as needed to interoperate',
        LAW_ENFORCEMENT,
        CORPORATE,
        CONSENT,
      ],
    },
  ],
  recipients: [
    'Your organization and its assigned administrator(s), to provide the Services',
    'Trusted third-party IT infrastructure and hosting providers (data encrypted in transit and at rest)',
    'Third-party services and resources your organization configures you to access',
    'Law enforcement, courts or government agencies when required by law or to avoid harm',
    'An acquiring company in the event of a merger or acquisition (you will be notified)',
  ],
  retention:
    'Personal data of ZTA users is kept while the Services are being used and is deleted shortly thereafter; it is not retained.',
  rights:
    'You have the right to request access to and rectification or erasure of your personal data, restriction of its processing, and data portability; to object at any time, on grounds relating to your situation, to its processing; and to withdraw consent without affecting processing before the withdrawal. Under the CCPA you may request the categories and specific pieces of personal information collected, its deletion and correction, and you will not be discriminated against for exercising these rights. Zentry does not sell personal information.',
  complaint: 'You have the right to lodge a complaint with a supervisory authority.',
  sources: [
    'You, when you register or correspond with us',
    'Your organization',
    'You, through your device and your connection (log data: IP address, device name and ID, operating system version, time and date of use)',
    'You, through authentication to the ZTA solution',
  ],
  automatedDecisionMaking:
    'Except for the purposes of authentication, security, and access features of the Services, Zentry does not use automated decision-making, including profiling, in a way that produces legal effects concerning you or which significantly affects you.',
  transfers: [
    {
      country: 'United States',
      safeguard:
        'Stored in secure hosting facilities in the United States; transfers from the EEA and the United Kingdom are protected by standard data protection clauses approved by the European Commission and the United Kingdom (Standard Contractual Clauses), or other legally accepted means.',
    },
    {
      country: 'Other countries (personnel access on a need-to-know basis)',
      safeguard:
        'Access through secure connections only, to respond to support requests and provide maintenance, under the same safeguards.',
    },
  ],
};
