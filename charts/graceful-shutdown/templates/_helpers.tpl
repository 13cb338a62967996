{{/*
Names and labels for the objects the library renders itself (NetworkPolicy, PrometheusRule).
They are the ones `helm create` gives a chart, computed in the including chart's context from
its .Chart and its nameOverride / fullnameOverride values, so they match the names and the
selector labels of a Deployment written from `helm create`.
*/}}

{{/*
Expand the name of the chart.
*/}}
{{- define "graceful-shutdown.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name, truncated at 63 chars (DNS names). If the release
name contains the chart name it is used as the full name.
*/}}
{{- define "graceful-shutdown.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "graceful-shutdown.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels. helm.sh/chart and the version change on upgrade, so they never go in a selector.
*/}}
{{- define "graceful-shutdown.labels" -}}
helm.sh/chart: {{ include "graceful-shutdown.chart" . }}
{{ include "graceful-shutdown.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels: those of the pods the NetworkPolicy applies to.
*/}}
{{- define "graceful-shutdown.selectorLabels" -}}
app.kubernetes.io/name: {{ include "graceful-shutdown.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
