{{/*
The gracefulShutdown values block, read once, with defaults and checks: every other template
of the library gets its numbers from here, so the preStop hook, the grace period, the app's
settings and the alerts' thresholds cannot disagree.

A library has no values of its own (its templates run in the including chart's context) and
an including chart's values.schema.json does not know these keys, so the defaults and the
checks live here. Use: {{ $gs := include "graceful-shutdown.settings" . | fromJson }}
*/}}
{{- define "graceful-shutdown.settings" -}}
{{- $defaults := dict
      "propagationDelaySeconds" 5
      "drainTimeoutSeconds" 30
      "marginSeconds" 5
      "preStop" "http"
      "quietPeriodMilliseconds" 0
      "terminationGracePeriodSeconds" ""
      "managementPort" 8081
      "preStopHttpHeaders" (list)
      "preStopToken" ""
      "awaitFinalScrapeSeconds" ""
      "probes" (dict) }}
{{- $given := .Values.gracefulShutdown | default dict }}
{{- if not (kindIs "map" $given) }}
{{- fail "gracefulShutdown must be a map of settings" }}
{{- end }}
{{- range $key, $_ := $given }}
{{- if not (hasKey $defaults $key) }}
{{- fail (printf "gracefulShutdown.%s is not a setting of the graceful-shutdown library chart (known: %s)" $key (keys $defaults | sortAlpha | join ", ")) }}
{{- end }}
{{- end }}
{{- /* Explicit per key, not mergeOverwrite, which would not override a default with 0 */}}
{{- $gs := dict }}
{{- range $key, $default := $defaults }}
{{- /* get returns "" for a missing key, index returns nil: neither is a value */}}
{{- $isSet := and (hasKey $given $key) (not (kindIs "invalid" (index $given $key))) }}
{{- $_ := set $gs $key (ternary (index $given $key) $default $isSet) }}
{{- end }}
{{- range $key := list "propagationDelaySeconds" "drainTimeoutSeconds" "quietPeriodMilliseconds" }}
{{- if lt (int (get $gs $key)) 0 }}
{{- fail (printf "gracefulShutdown.%s (%d) may not be negative" $key (int (get $gs $key))) }}
{{- end }}
{{- end }}
{{- if lt (int $gs.marginSeconds) 2 }}
{{- fail (printf "gracefulShutdown.marginSeconds (%d) must be at least 2: the app keeps 2 seconds itself" (int $gs.marginSeconds)) }}
{{- end }}
{{- $preStop := $gs.preStop | toString }}
{{- if not (has $preStop (list "http" "sleep" "none")) }}
{{- fail (printf "gracefulShutdown.preStop (%s) must be one of http, sleep, none" $preStop) }}
{{- end }}
{{- if and (eq $preStop "sleep") (gt (int $gs.quietPeriodMilliseconds) 0) }}
{{- fail "gracefulShutdown.quietPeriodMilliseconds needs preStop http or none: a preStop sleep always lasts the whole propagation delay" }}
{{- end }}
{{- if and (eq $preStop "sleep") (not (semverCompare ">=1.30-0" .Capabilities.KubeVersion.Version)) }}
{{- fail (printf "gracefulShutdown.preStop sleep needs Kubernetes 1.30 or later (this is %s): use http instead" .Capabilities.KubeVersion.Version) }}
{{- end }}
{{- if and $gs.preStopHttpHeaders (ne $preStop "http") }}
{{- fail (printf "gracefulShutdown.preStopHttpHeaders needs preStop http (this is %s): there is no HTTP call to carry them" $preStop) }}
{{- end }}
{{- /* One value makes both the kubelet's header and the app's property, so they cannot disagree */}}
{{- $token := $gs.preStopToken | toString }}
{{- if $token }}
{{- if ne $preStop "http" }}
{{- fail (printf "gracefulShutdown.preStopToken needs preStop http (this is %s): there is no HTTP call to carry it" $preStop) }}
{{- end }}
{{- if lt (len $token) 16 }}
{{- fail (printf "gracefulShutdown.preStopToken must be at least 16 characters (this has %d): a short token is guessed by any peer that can reach the management port; use e.g. openssl rand -hex 24" (len $token)) }}
{{- end }}
{{- if not (regexMatch "^[\\x21-\\x7e]+$" $token) }}
{{- fail "gracefulShutdown.preStopToken must be printable ASCII without spaces: it travels in an HTTP header" }}
{{- end }}
{{- range $gs.preStopHttpHeaders }}
{{- if eq (lower (toString .name)) "x-graceful-shutdown-token" }}
{{- fail "gracefulShutdown.preStopHttpHeaders must not set X-Graceful-Shutdown-Token: gracefulShutdown.preStopToken sets it" }}
{{- end }}
{{- end }}
{{- end }}
{{- toJson $gs }}
{{- end }}

{{/*
The preStop mode: http, sleep or none.
*/}}
{{- define "graceful-shutdown.preStop" -}}
{{- (include "graceful-shutdown.settings" . | fromJson).preStop }}
{{- end }}

{{/*
The actuator's own port, where the probes, the metrics and /actuator/prestop answer. Declare
a container port named "management" with this number.
*/}}
{{- define "graceful-shutdown.managementPort" -}}
{{- int (include "graceful-shutdown.settings" . | fromJson).managementPort }}
{{- end }}

{{/*
The seconds the app itself waits after SIGTERM (or after /actuator/prestop is called)
before it drains. With a preStop sleep the kubelet has already waited, so the app does not.
*/}}
{{- define "graceful-shutdown.appPropagationDelaySeconds" -}}
{{- $gs := include "graceful-shutdown.settings" . | fromJson }}
{{- if eq $gs.preStop "sleep" }}
{{- 0 }}
{{- else }}
{{- int $gs.propagationDelaySeconds }}
{{- end }}
{{- end }}

{{/*
The pod's terminationGracePeriodSeconds. The kubelet's clock starts before the preStop hook,
and in every mode the preStop hook is the propagation delay itself (an HTTP call that returns
when the app's propagation phase is over, a sleep of the same length, or nothing), so the
sequence needs propagationDelaySeconds + drainTimeoutSeconds, plus the wait for the final
scrape when there is one, plus marginSeconds for the JVM to exit. Empty means exactly that; an explicit value may be larger, never smaller.
*/}}
{{- define "graceful-shutdown.terminationGracePeriodSeconds" -}}
{{- $gs := include "graceful-shutdown.settings" . | fromJson }}
{{- $delay := int $gs.propagationDelaySeconds }}
{{- $drain := int $gs.drainTimeoutSeconds }}
{{- $margin := int $gs.marginSeconds }}
{{- $finalScrape := int (include "graceful-shutdown.awaitFinalScrapeSeconds" .) }}
{{- $required := add $delay $drain $finalScrape $margin }}
{{- $explicit := $gs.terminationGracePeriodSeconds }}
{{- if eq (toString $explicit) "" }}
{{- $required }}
{{- else if not (regexMatch "^[0-9]+$" (toString $explicit)) }}
{{- fail (printf "gracefulShutdown.terminationGracePeriodSeconds (%v) must be a whole number of seconds, or empty to have it computed" $explicit) }}
{{- else if lt (int $explicit) $required }}
{{- if $finalScrape }}
{{- fail (printf "gracefulShutdown.terminationGracePeriodSeconds (%d) is less than propagationDelaySeconds (%d) + drainTimeoutSeconds (%d) + awaitFinalScrapeSeconds (%d) + marginSeconds (%d) = %d: raise it or leave it empty to have it computed" (int $explicit) $delay $drain $finalScrape $margin $required) }}
{{- else }}
{{- fail (printf "gracefulShutdown.terminationGracePeriodSeconds (%d) is less than propagationDelaySeconds (%d) + drainTimeoutSeconds (%d) + marginSeconds (%d) = %d: raise it or leave it empty to have it computed" (int $explicit) $delay $drain $margin $required) }}
{{- end }}
{{- else }}
{{- int $explicit }}
{{- end }}
{{- end }}

{{/*
How long the app may hold its exit after the drain for Prometheus to scrape the final figures
(graceful-shutdown.metrics.await-final-scrape), 0 for not at all: gracefulShutdown.
awaitFinalScrapeSeconds when set; otherwise, when the including chart scrapes its pods
through a monitor it enables (its serviceMonitor or podMonitor values, with an enabled flag
and an interval in s or m, as the demo chart's), that interval plus 2 seconds, so that one
scrape always falls within the wait.
*/}}
{{- define "graceful-shutdown.awaitFinalScrapeSeconds" -}}
{{- $gs := include "graceful-shutdown.settings" . | fromJson }}
{{- $explicit := $gs.awaitFinalScrapeSeconds }}
{{- if ne (toString $explicit) "" }}
{{- if not (regexMatch "^[0-9]+$" (toString $explicit)) }}
{{- fail (printf "gracefulShutdown.awaitFinalScrapeSeconds (%v) must be a whole number of seconds, 0 for no wait, or empty to have it follow the scrape interval" $explicit) }}
{{- end }}
{{- int $explicit }}
{{- else }}
{{- $interval := "" }}
{{- range $monitor := list "serviceMonitor" "podMonitor" }}
{{- $values := index $.Values $monitor | default dict }}
{{- if and (kindIs "map" $values) $values.enabled (eq $interval "") }}
{{- $interval = toString ($values.interval | default "30s") }}
{{- end }}
{{- end }}
{{- if eq $interval "" }}
{{- 0 }}
{{- else if regexMatch "^[0-9]+s$" $interval }}
{{- add (int (trimSuffix "s" $interval)) 2 }}
{{- else if regexMatch "^[0-9]+m$" $interval }}
{{- add (mul (int (trimSuffix "m" $interval)) 60) 2 }}
{{- else }}
{{- fail (printf "the scrape interval %s is not a whole number of seconds or minutes (such as 15s or 1m): set gracefulShutdown.awaitFinalScrapeSeconds to the wait for the final scrape" $interval) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The actuator endpoints exposed over HTTP on the management port.
*/}}
{{- define "graceful-shutdown.exposedEndpoints" -}}
{{- $endpoints := list "health" "prometheus" "gracefulshutdown" }}
{{- if eq (include "graceful-shutdown.preStop" .) "http" }}
{{- $endpoints = append $endpoints "prestop" }}
{{- end }}
{{- join "," $endpoints }}
{{- end }}
