import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /**
   * Configuration of the Value Stream plugins (ITIL 4 service value stream).
   */
  valueStream?: {
    /**
     * Entity ref of the group whose members authorize changes (the change
     * advisory board) and approve standard-change models. Defaults to
     * `group:default/change-advisory-board`. With `changeApproval` set, only
     * its members' approvals count for normal changes.
     * @visibility frontend
     */
    changeAuthorityGroup?: string;

    /**
     * The approval policy of changes: who has to decide before a change
     * leaves `authorize`. Unset, a change needs one approval from anyone the
     * permission policy lets approve (`value-stream.change.approve`), as
     * before the policy existed. Set, approvals count by the groups the
     * approver belongs to: members of `changeAuthorityGroup` for normal
     * changes, of `emergencyAuthorityGroup` for emergency changes. The
     * requester's own decision never counts, and the requesting team is
     * the owner of the changed service.
     */
    changeApproval?: {
      /**
       * Approvals each risk level needs. A level left out needs one.
       * A change without a risk score is treated as very high.
       */
      riskLevels?: {
        low?: {
          /** How many approvals, from different approvers, 1 to 10. Defaults to 1. */
          approvals?: number;
          /**
           * How many of them come from outside the requesting team (the
           * owner of the changed service), 0 to `approvals`. Defaults to 0.
           */
          outsideTeam?: number;
        };
        medium?: {
          /** How many approvals, from different approvers, 1 to 10. Defaults to 1. */
          approvals?: number;
          /**
           * How many of them come from outside the requesting team (the
           * owner of the changed service), 0 to `approvals`. Defaults to 0.
           */
          outsideTeam?: number;
        };
        high?: {
          /** How many approvals, from different approvers, 1 to 10. Defaults to 1. */
          approvals?: number;
          /**
           * How many of them come from outside the requesting team (the
           * owner of the changed service), 0 to `approvals`. Defaults to 0.
           */
          outsideTeam?: number;
        };
        very_high?: {
          /** How many approvals, from different approvers, 1 to 10. Defaults to 1. */
          approvals?: number;
          /**
           * How many of them come from outside the requesting team (the
           * owner of the changed service), 0 to `approvals`. Defaults to 0.
           */
          outsideTeam?: number;
        };
      };
      /**
       * Entity ref of the emergency change authority (ECAB): its members,
       * not the change authority's, decide emergency changes. Unset, the
       * change authority decides them.
       */
      emergencyAuthorityGroup?: string;
      /**
       * Approvals an emergency change needs from its authority, 1 to 10.
       * Defaults to 1. The outside-team count of its risk level applies
       * too, up to this number.
       */
      emergencyApprovals?: number;
      /**
       * When true, normal and emergency changes also need one approval
       * from the changed service's owner: a member of the owning group
       * other than the requester. Defaults to false.
       */
      ownerApproval?: boolean;
    };

    /**
     * Entity ref of the group whose members work the incidents of every
     * service (an on-call or service desk team): update them and move them
     * along. Read by the demo portal's permission policy; unset, only a
     * service's owners do.
     */
    incidentManagementGroup?: string;

    /**
     * Catalog kinds whose value stream stage is computed and shown on the
     * board. Defaults to `[Component]`.
     * @visibility frontend
     */
    stageKinds?: string[];

    /**
     * Environment names that count as production when a deployment does not
     * say so. Defaults to names such as `production`, `prod`, `prd`, `live`.
     * @visibility frontend
     */
    productionEnvironments?: string[];

    /**
     * Service level tiers by name (`gold`, `silver`, ...). An entity that
     * declares `valuestream.io/service-level-tier: <tier>` gets a service
     * level proposed from its tier.
     * @visibility frontend
     */
    serviceLevelTiers?: {
      [tier: string]: {
        /** Display name of the proposed service level. */
        name?: string;
        /** Availability target in percent, e.g. 99.9. */
        availabilityTarget: number;
        /** Response and resolution targets in minutes per priority. */
        targets?: {
          P1?: { responseMinutes: number; resolutionMinutes: number };
          P2?: { responseMinutes: number; resolutionMinutes: number };
          P3?: { responseMinutes: number; resolutionMinutes: number };
          P4?: { responseMinutes: number; resolutionMinutes: number };
        };
        /**
         * Service level objectives that come with the tier. One with an
         * `indicator` is measured for every service of the tier that does
         * not declare an SLO of the same name in `valuestream.io/slos`; its
         * name there is the kebab-case of `name`, and `{{name}}` and
         * `{{namespace}}` in its queries stand for the service's.
         */
        slos?: Array<{
          name: string;
          objectivePercent: number;
          description?: string;
          /** OpenSLO v1 indicator, as in `valuestream.io/slos`. */
          indicator?: {
            metricSourceRef?: string;
            ratioMetric?: {
              counter?: boolean;
              good: { query: string };
              total: { query: string };
            };
            thresholdMetric?: { query: string };
          };
          /** For a thresholdMetric: how the value is judged. */
          op?: 'lt' | 'lte' | 'gt' | 'gte';
          value?: number;
          /** Rolling `28d` (the default) or `1M` for a calendar month. */
          timeWindow?: string;
          /** Calendar month's time zone; UTC by default. */
          timeZone?: string;
        }>;
      };
    };

    /**
     * Incident priority by impact and urgency, overriding the default ITIL
     * matrix cell by cell.
     * @visibility frontend
     */
    priorityMatrix?: {
      high?: {
        high?: 'P1' | 'P2' | 'P3' | 'P4';
        medium?: 'P1' | 'P2' | 'P3' | 'P4';
        low?: 'P1' | 'P2' | 'P3' | 'P4';
      };
      medium?: {
        high?: 'P1' | 'P2' | 'P3' | 'P4';
        medium?: 'P1' | 'P2' | 'P3' | 'P4';
        low?: 'P1' | 'P2' | 'P3' | 'P4';
      };
      low?: {
        high?: 'P1' | 'P2' | 'P3' | 'P4';
        medium?: 'P1' | 'P2' | 'P3' | 'P4';
        low?: 'P1' | 'P2' | 'P3' | 'P4';
      };
    };

    /**
     * Changes to the stage exit criteria table, by criterion id: relabel,
     * move or disable (`enabled: false`) a default criterion, or add one with
     * `stage`, `label` and a known `evidence` key.
     * @visibility frontend
     */
    stageCriteria?: Array<{
      /** Criterion id, e.g. `agreed-service-level`. */
      id: string;
      label?: string;
      /** The stage the criterion lets the service leave. */
      stage?: 'demand' | 'design' | 'build' | 'test' | 'deploy' | 'operate';
      /** The evidence the criterion asks for, e.g. `agreedServiceLevel`. */
      evidence?: string;
      /** Meeting this criterion alone proves the service got past its stage. */
      proves?: boolean;
      /** False to drop a default criterion. */
      enabled?: boolean;
    }>;

    /**
     * Change freeze windows. A change whose planned window overlaps one
     * carries more risk, and a normal or standard change is not scheduled or
     * implemented in it (a 409 that names the freeze) unless a member of the
     * change authority approves it as a freeze override; emergency changes
     * pass. The change calendar draws them.
     * @visibility frontend
     */
    freezeWindows?: Array<{
      /** Name shown to users, e.g. `Year-end freeze`. */
      name: string;
      /** ISO 8601 start of the window. */
      start: string;
      /** ISO 8601 end of the window. */
      end: string;
    }>;

    /**
     * Maintenance windows of services that do not declare them with the
     * `valuestream.io/maintenance-windows` annotation (which wins). Windows
     * are weekly, `;`-separated: `Sat-Sun 02:00-06:00 Europe/Berlin; Wed
     * 22:00-01:00` (weekdays or `daily`, a local time range that may cross
     * midnight, an IANA zone, UTC by default). A change planned outside the
     * windows of its service carries more risk; a service without any adds
     * nothing. The change calendar draws them.
     */
    maintenanceWindows?: {
      /** Windows of every service that neither the annotation nor `entities` covers. */
      default?: string;
      /** Windows of named entities. */
      entities?: Array<{
        /** Entity ref, e.g. `component:default/payments`. */
        entityRef: string;
        /** Its windows, in the format above. */
        windows: string;
      }>;
    };

    /**
     * Conflicts between changes: on create, edit and scheduling the backend
     * finds the other open changes whose planned windows overlap on the same
     * entity or on one within two hops of the catalog graph, both ways, and
     * stores them on the change.
     */
    changeConflicts?: {
      /**
       * True: a change with conflicts is not scheduled (a 409 that names the
       * conflicting changes). Default false: conflicts are a warning.
       */
      blockScheduling?: boolean;
    };

    /**
     * Unauthorized change detection. A production deployment (recorded
     * through the API or ingested from GitHub) that no authorized change of
     * its entity covers is flagged as unauthorized: a change in scheduled,
     * implement, review, closed or failed whose planned window, or whose
     * implementation (from entering implement to leaving it), contains the
     * deployment's time (startedAt, else finishedAt, else when it was
     * recorded), each widened by the grace on both sides.
     */
    unauthorizedDeployments?: {
      /**
       * Minutes the windows are widened by on each side. Default 30.
       */
      graceMinutes?: number;
      /**
       * A service with an unauthorized production deployment in this many
       * days has a gap on its board card and entity page. Default 30.
       */
      gapDays?: number;
    };

    /** Schedules of the background tasks. */
    schedule?: {
      /**
       * How often open incidents are checked for SLA breaches. Defaults to
       * every minute.
       */
      slaBreach?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * How often the stage of every service is recomputed. Defaults to every
       * 15 minutes.
       */
      stageRecompute?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * How often every SLO is evaluated against its source. Defaults to
       * every 5 minutes, the SLI resolution.
       */
      sloEvaluation?: SchedulerServiceTaskScheduleDefinitionConfig;
    };

    /**
     * Service level objectives measured from metrics: where their SLIs come
     * from and what an exhausted error budget does.
     */
    slo?: {
      /**
       * Prometheus-compatible query APIs (Prometheus, Thanos, Mimir,
       * VictoriaMetrics) that SLOs name in `indicator.metricSourceRef`; an
       * SLO that names none uses the one named `default`.
       */
      sources?: Array<{
        /** The name SLOs refer to. */
        name: string;
        /** Only `prometheus` for now. Defaults to `prometheus`. */
        type?: 'prometheus';
        /** Base URL of the server, e.g. `http://prometheus:9090`. */
        baseUrl: string;
        /**
         * Bearer token sent as `Authorization: Bearer <token>`.
         * @visibility secret
         */
        bearerToken?: string;
        /**
         * Further request headers, e.g. `X-Scope-OrgID` for Mimir.
         * @visibility secret
         */
        headers?: { [name: string]: string };
        /** Seconds a query may take. Defaults to 30. */
        timeoutSeconds?: number;
      }>;
      /** What an exhausted error budget does to a service's normal changes. */
      budgetPolicy?: {
        /**
         * When true, a normal change of a service whose budget is spent is
         * scheduled only with the change authority's freeze override.
         * Defaults to false: it only adds a risk factor.
         */
        requireOverride?: boolean;
      };
    };

    /**
     * Service principals that may write records (create, edit and move
     * changes, releases, deployments, incidents, problems and service
     * levels, and map events), by subject: `plugin:scaffolder` for a
     * template run without a user, or the `subject` of an external access
     * token (`release-pipeline`). Backstage lets a service principal pass every
     * permission its token is not restricted from, so without this grant a
     * service can only read and ingest. Users are judged by the permission
     * policy; calls made on behalf of a user (the scaffolder's actions) are
     * the user's. Defaults to none.
     */
    recordWriters?: string[];

    /** Demo data for a laptop portal. */
    demoData?: {
      /** Seeds practice records for the example catalog when true. */
      enabled?: boolean;
    };

    /** Ingestion of events from external tools. */
    ingest?: {
      alertmanager?: {
        /**
         * An exception alert that fires again within this many minutes of
         * its previous instance reopens that instance's incident instead of
         * opening a new one (flapping). Defaults to 60.
         */
        flappingWindowMinutes?: number;
        /**
         * How long, in seconds, the catalog's answers that map alerts to
         * entities (by `backstage_entity` ref, by `service` name, the
         * entities with an alert selector) are reused across notifications.
         * A catalog change reaches the mapping within this time. Defaults to
         * 60; 0 reads the catalog for every notification.
         */
        entityCacheSeconds?: number;
      };
      github?: {
        /**
         * Secret of the GitHub webhook, to check `X-Hub-Signature-256`.
         * @visibility secret
         */
        secret?: string;
      };
      pagerduty?: {
        /**
         * Secret of the PagerDuty v3 webhook subscription, to check
         * `X-PagerDuty-Signature`.
         * @visibility secret
         */
        secret?: string;
      };
    };
  };
}
