#!/usr/bin/env python3
"""Generate a synthetic postmortem repository for benchmarking Hindsight.

The generator writes one stream into ``git fast-import`` (never one
``git commit`` per file), so tens of thousands of commits take seconds.

What the repository looks like
------------------------------
* ``hindsight.toml`` (``content = "postmortems"``, ``exclude = ["README.md"]``),
  a root ``README.md``, ``postmortems/README.md`` and a ``.mailmap``.
* N postmortems under ``postmortems/``, named ``YYYY-MM-DD-slug.md`` (same
  date and slug get ``-2``, ``-3`` …).  With ``--layout year`` (the default)
  they sit in one folder per year (``postmortems/2024/2024-03-12-slug.md``);
  ``--layout flat`` puts them all directly in ``postmortems/``.
* Five formats in roughly equal shares of the English 85 %: Google-SRE with
  YAML front matter, a short team template (timeline table, task-list action
  items, Stats), PagerDuty style, setext headings; and about 15 % written
  entirely in Korean (English front-matter keys).
* Each postmortem is added in its own commit by one of ~60 fictional
  engineers (a few commit under two names/emails, unified by ``.mailmap``),
  then edited about twice on average later on: action items ticked, table
  Status cells moved from TODO to DONE, paragraphs added, typos fixed.
  Commit dates increase from 2019-01 to 2026-10; the add commit is on the
  incident's date.
* Every postmortem belongs to one of 25 root-cause families (expired
  certificate, connection-pool exhaustion, …), written from several
  differently worded templates mixed with shared boilerplate.  The ground
  truth is written OUTSIDE the repository to ``<out>.families.json``
  (``{path: family}``); it is never committed.

Determinism: the same ``--seed``, ``--n`` and ``--layout`` give the same bytes
and the same commit ids (fixed dates, seeded ``random.Random``, no wall clock,
no iteration over sets).

Usage::

    bench/gen_corpus.py --n 10000 --out /tmp/corpus-10k [--seed 1] [--bare]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

# --------------------------------------------------------------------------
# Time range
# --------------------------------------------------------------------------

UTC = timezone.utc
T_BEGIN = int(datetime(2019, 1, 2, tzinfo=UTC).timestamp())
T_ADD_END = int(datetime(2026, 9, 30, tzinfo=UTC).timestamp())
T_END = int(datetime(2026, 10, 31, 23, 0, tzinfo=UTC).timestamp())
DAY = 86400

COMPANY = "Kestrel"
DOMAIN = "kestrel.example"

# --------------------------------------------------------------------------
# People.  (name, handle, email-local-part, tz offset in minutes, korean)
# --------------------------------------------------------------------------

ENGINEERS = [
    ("Dana Kim", "dkim", "dana.kim", -300, False),
    ("Priya Raman", "praman", "priya.raman", 330, False),
    ("Tomás Ortega", "tortega", "tomas.ortega", 60, False),
    ("Sam Okafor", "sokafor", "sam.okafor", 0, False),
    ("Lukas Novak", "lnovak", "lukas.novak", 60, False),
    ("Mei Zhou", "mzhou", "mei.zhou", 480, False),
    ("Hannah Schultz", "hschultz", "hannah.schultz", 60, False),
    ("Ravi Shankar", "rshankar", "ravi.shankar", 330, False),
    ("Olivia Brooks", "obrooks", "olivia.brooks", -480, False),
    ("Mateo Rossi", "mrossi", "mateo.rossi", 60, False),
    ("Aisha Bello", "abello", "aisha.bello", 0, False),
    ("Jonas Lindqvist", "jlindqvist", "jonas.lindqvist", 60, False),
    ("Chloé Martin", "cmartin", "chloe.martin", 60, False),
    ("Ethan Walker", "ewalker", "ethan.walker", -300, False),
    ("Fatima Haddad", "fhaddad", "fatima.haddad", 120, False),
    ("Kenji Watanabe", "kwatanabe", "kenji.watanabe", 540, False),
    ("Sofia Almeida", "salmeida", "sofia.almeida", 0, False),
    ("Noah Fischer", "nfischer", "noah.fischer", 60, False),
    ("Grace Liu", "gliu", "grace.liu", -480, False),
    ("Arjun Mehta", "amehta", "arjun.mehta", 330, False),
    ("Isabel García", "igarcia", "isabel.garcia", 60, False),
    ("Marcus Johnson", "mjohnson", "marcus.johnson", -300, False),
    ("Elena Petrova", "epetrova", "elena.petrova", 120, False),
    ("Tariq Aziz", "taziz", "tariq.aziz", 0, False),
    ("Ingrid Berg", "iberg", "ingrid.berg", 60, False),
    ("Daniel Cohen", "dcohen", "daniel.cohen", 120, False),
    ("Lucía Fernández", "lfernandez", "lucia.fernandez", 60, False),
    ("Ben Carter", "bcarter", "ben.carter", -360, False),
    ("Zanele Dlamini", "zdlamini", "zanele.dlamini", 120, False),
    ("Oskar Nowak", "onowak", "oskar.nowak", 60, False),
    ("Amara Nwosu", "anwosu", "amara.nwosu", 60, False),
    ("Pedro Costa", "pcosta", "pedro.costa", -180, False),
    ("Yuki Tanaka", "ytanaka", "yuki.tanaka", 540, False),
    ("Rachel Green", "rgreen", "rachel.green", -300, False),
    ("Viktor Horvat", "vhorvat", "viktor.horvat", 60, False),
    ("Leila Karimi", "lkarimi", "leila.karimi", 60, False),
    ("Connor Byrne", "cbyrne", "connor.byrne", 0, False),
    ("Nadia Rahman", "nrahman", "nadia.rahman", 360, False),
    ("Felix Wagner", "fwagner", "felix.wagner", 60, False),
    ("Hugo Lefebvre", "hlefebvre", "hugo.lefebvre", 60, False),
    ("Maya Patel", "mpatel", "maya.patel", -480, False),
    ("Stefan Ionescu", "sionescu", "stefan.ionescu", 120, False),
    ("Chen Wei", "cwei", "chen.wei", 480, False),
    ("Anna Kowalska", "akowalska", "anna.kowalska", 60, False),
    ("Diego Ramírez", "dramirez", "diego.ramirez", -360, False),
    ("Emily Nguyen", "enguyen", "emily.nguyen", 600, False),
    ("Omar Farouk", "ofarouk", "omar.farouk", 180, False),
    ("Kwame Mensah", "kmensah", "kwame.mensah", 0, False),
    # Korean team
    ("정하늘", "hjung", "haneul.jung", 540, True),
    ("박서연", "sypark", "seoyeon.park", 540, True),
    ("김민준", "mjkim", "minjun.kim", 540, True),
    ("이지은", "jelee", "jieun.lee", 540, True),
    ("최도윤", "dychoi", "doyoon.choi", 540, True),
    ("한소희", "shhan", "sohee.han", 540, True),
    ("윤재현", "jhyoon", "jaehyun.yoon", 540, True),
    ("강하은", "hekang", "haeun.kang", 540, True),
    ("Jiwoo Seo", "jwseo", "jiwoo.seo", 540, True),
    ("Minseo Oh", "msoh", "minseo.oh", 540, True),
    ("임태양", "tylim", "taeyang.lim", 540, True),
    ("송유나", "ynsong", "yuna.song", 540, True),
]

# Second identities: engineer index -> (commit name, commit email)
ALIASES = {
    0: ("dana", "dkim@users.noreply.github.com"),
    2: ("Tomas Ortega", "tomas@old.kestrel.example"),
    3: ("Samuel Okafor", "sam@okafor.dev"),
    4: ("lnovak", "lukas.novak@corp.kestrel.example"),
    21: ("Marcus J.", "marcus.johnson@contractor.example"),
    48: ("Haneul Jung", "hjung@kestrel.co.kr"),
    52: ("Jieun Lee", "jieun.lee@kestrel.co.kr"),
}

KOREAN_ENGINEERS = [i for i, e in enumerate(ENGINEERS) if e[4]]
OTHER_ENGINEERS = [i for i, e in enumerate(ENGINEERS) if not e[4]]

TEAMS = ["payments", "platform", "storage", "edge", "identity", "search",
         "data", "growth", "checkout", "observability", "messaging", "infra",
         "mobile", "fulfilment", "risk", "core-api"]

REGIONS = ["eu-west-1", "eu-central-1", "us-east-1", "us-east-2", "us-west-2",
           "ap-northeast-2", "ap-northeast-1", "ap-southeast-1", "sa-east-1"]

BASE_SERVICES = [
    "checkout-api", "payments-gateway", "ledger", "auth-service", "search",
    "notifications", "cdn-edge", "inventory", "order-service", "shipping-rates",
    "pricing-engine", "catalog", "recommendations", "fraud-scoring", "billing",
    "invoicing", "user-profile", "session-store", "api-gateway", "graphql-bff",
    "mobile-bff", "webhooks", "email-sender", "sms-gateway", "media-upload",
    "image-resizer", "reporting", "warehouse-loader", "etl-scheduler",
    "feature-flags", "config-service", "identity-provider", "audit-log",
    "tax-engine", "currency-rates", "loyalty", "support-portal",
    "admin-dashboard", "merchant-dashboard", "acquirer-bridge", "payouts",
    "refunds", "risk-rules", "geo-lookup", "address-validation", "cart",
    "promotions", "subscriptions", "exports", "ci-runners",
]

SERVICE_SUFFIXES = ["api", "worker", "gateway", "sync", "scheduler", "ingest",
                    "router", "proxy", "store", "indexer", "notifier",
                    "exporter", "consumer", "relay", "cache", "bridge"]

TECH_WORDS = (
    "pool timeout retry backoff buffer batch shard replica leader follower "
    "lease lock queue topic partition offset consumer producer cursor index "
    "cache ttl quota limit burst window bucket token session cookie header "
    "payload schema column table tenant merchant region zone node pod "
    "container image layer volume disk inode socket port listener upstream "
    "downstream probe health canary rollout flag toggle cohort variant "
    "ledger invoice refund payout charge capture auth settle reconcile "
    "export import sync delta snapshot checkpoint compaction vacuum wal "
    "journal segment chunk blob object manifest digest signer issuer "
    "cert chain trust resolver record ttl weight route rule policy budget "
    "alert pager metric gauge counter histogram span trace sampler exporter "
    "worker thread fiber loop tick cron job task runner scheduler dispatcher "
    "throttle limiter circuit breaker fallback hedge jitter deadline "
    "heartbeat election quorum epoch generation version revision"
).split()

SYLLABLES = ("ka ri no ve ta lo mi sa ren dor bel qua zin tor ma fe lu ko "
             "ar en is ol um ba ce di fo ga hi jo ki la me ni po ru si tu va "
             "wi xo ya ze bra cle dra fro gli pla tri sto vex mor nal pen "
             "rix sol tam vin wex yor zel").split()

TYPOS_EN = [
    ("recieved", "received"), ("occured", "occurred"), ("seperate", "separate"),
    ("dependancy", "dependency"), ("teh", "the"), ("enviroment", "environment"),
    ("threshhold", "threshold"), ("untill", "until"), ("accross", "across"),
    ("wich", "which"), ("managment", "management"), ("reponse", "response"),
    ("latencey", "latency"), ("neccessary", "necessary"),
    ("immediatly", "immediately"), ("succesful", "successful"),
    ("independant", "independent"), ("alot", "a lot"), ("paged", "paged"),
]
TYPOS_EN = [t for t in TYPOS_EN if t[0] != t[1]]
TYPOS_KO = [("됬다", "됐다"), ("몇일", "며칠"), ("금새", "금세"), ("베포", "배포"),
            ("학인", "확인"), ("모니터랑", "모니터링"), ("설졍", "설정")]

# --------------------------------------------------------------------------
# Root-cause families.  A small line-based format keeps the text readable:
#   @key | root_cause_category | tags | dependencies | weight
#   t:  English title            kt: Korean title
#   w:  what happened (summary)  kw: ...
#   r:  root cause paragraph     kr: ...
#   g:  trigger                  kg: ...
#   f:  contributing factor      kf: ...
#   x:  resolution               kx: ...
#   a:  action item              ka: ...
#   e0: timeline, trigger phase  ke0: ...
#   ei: timeline, investigation  kei: ...
#   em: timeline, mitigation     kem: ...
#   l:  lesson (went wrong)      kl: ...
# Placeholders in {braces} are filled per document (see Ctx).
# --------------------------------------------------------------------------

FAMILY_TEXT = r"""
@expired-certificate | certificate expiry | tls, certificates, pki, mtls | internal CA, Vault PKI, cert-manager, the ACME client | 4
t: Expired TLS certificate on {domain} takes down {svc}
t: {svc} handshake failures after client certificate expired
t: {svc2} unable to reach {svc}: certificate expired
t: mTLS outage between {svc} and {svc2}
w: The TLS certificate served on `{domain}` reached its `notAfter` date and every client of {svc} started failing the handshake.
w: The client certificate that {svc} presents to {svc2} for mutual TLS expired, and {svc2} rejected every connection with `certificate has expired or is not yet valid`.
w: An intermediate certificate in the chain used by {svc} expired, so clients with a strict trust store could no longer verify `{domain}`.
r: The certificate for `{domain}` was issued by the {dep} with a {n}-day lifetime and is renewed by the `{job}` job. That job had been failing for {n2} days because its container image no longer contained `openssl`, and it exited 0 on failure, so nobody noticed.
r: Renewal depended on a DNS-01 challenge against a zone that moved to a new DNS provider during the {code} migration. The ACME client kept the old API credentials, every renewal attempt failed with `unauthorized`, and the failures were only logged at debug level.
r: The certificate was created by hand {n} months earlier, outside cert-manager, and stored in the `{bucket}` secret. It was never added to the certificate inventory, so the expiry dashboard did not show it.
r: {svc} reads its certificate only at start-up. The renewed certificate was written to the secret on time, but the pods had been running for {n} days and kept presenting the expired one until they were restarted.
g: The certificate's `notAfter` ({day} {tstart} UTC) passed.
g: At {tstart} UTC the certificate cached in memory by {svc} expired; every new connection after that failed.
f: There was no alert on certificate expiry; the only signal was the status of the renewal job, which was green.
f: The renewal script ended with `|| true`, so a failed renewal never marked the job as failed.
f: Certificates issued by hand are not tracked in the certificate inventory.
f: {svc} loads TLS material only on start-up and has no hot reload.
f: The runbook for manual certificate issuance referred to a Vault path that was removed in {oldyear}.
f: Expiry warning emails from the {dep} went to a shared mailbox that nobody reads.
x: {oncall} issued a new certificate from the {dep} following the manual runbook, updated the `{bucket}` secret and restarted the {svc} deployment. Handshakes succeeded again from {tmit}.
x: We rolled the {svc} pods so they picked up the renewed certificate that was already in the secret; the error rate was back to baseline at {tmit}.
x: The expired intermediate was removed from the bundle, the chain was rebuilt from the current root, and a config push to {svc} at {tmit} restored verification.
a: Alert when any certificate in the inventory has fewer than 14 days left
a: Move all certificates of {svc} to cert-manager with automatic renewal
a: Remove `|| true` from the `{job}` renewal script and alert on job failure
a: Add hot reload of TLS material to {svc}
a: Scan every namespace for certificates missing from the inventory
e0: Certificate for `{domain}` expires; first `x509: certificate has expired` errors in {svc2} logs
e0: {svc} error rate jumps from 0.1% to {pct}%; all failures are TLS handshake errors
ei: {oncall} finds `remote error: tls: bad certificate` on every call from {svc} to {svc2}
ei: `openssl s_client -connect {domain}:443` shows a `notAfter` in the past
em: New certificate issued and `{bucket}` secret updated; {svc} pods restarted
em: Renewed certificate picked up after rolling restart of {svc}
l: We trusted the green status of a job instead of checking the thing the job was supposed to keep true.
l: A certificate's expiry date is known months in advance, and we still found out from a page.
kt: {svc} 인증서 만료로 인한 TLS 핸드셰이크 실패
kt: {domain} 인증서 만료 — {svc} 장애
kw: `{domain}`의 TLS 인증서가 만료되어 {svc}에 대한 모든 요청이 핸드셰이크 단계에서 실패했다.
kw: {svc}가 {svc2}와의 mTLS에 사용하는 클라이언트 인증서가 만료되었고, {svc2}가 모든 연결을 거부했다.
kr: 인증서 자동 갱신 작업(`{job}`)이 {n2}일 전부터 실패하고 있었지만 종료 코드가 0이라 아무도 알아채지 못했다.
kr: 해당 인증서는 수동으로 발급되어 cert-manager 관리 대상이 아니었고, 만료 대시보드에도 나타나지 않았다.
kg: 인증서의 `notAfter` 시각({day} {tstart} UTC)이 지났다.
kf: 인증서 만료일에 대한 알림이 없었다.
kf: 갱신 스크립트가 실패해도 `|| true` 때문에 성공으로 기록되었다.
kf: {svc}는 기동 시에만 인증서를 읽기 때문에 재시작이 필요했다.
kx: {oncall}님이 수동 절차에 따라 새 인증서를 발급하고 `{bucket}` 시크릿을 갱신한 뒤 {svc}를 재시작했다. {tmit}에 정상화됐다.
ka: 만료 14일 전 인증서 알림 추가
ka: {svc} 인증서를 cert-manager로 이전
ke0: `{domain}` 인증서 만료, {svc2} 로그에 `certificate has expired` 오류 발생
kei: `openssl s_client`로 만료된 인증서 확인
kem: 새 인증서 발급 및 {svc} 재시작
kl: 작업 성공 여부가 아니라 인증서 만료일 자체를 감시했어야 했다.

@db-pool-exhaustion | resource exhaustion | postgres, connection-pool, database, pgbouncer | postgres-main, orders-db, ledger-db, pgbouncer | 5
t: {svc} 5xx errors: database connection pool exhausted
t: Connection pool exhaustion on {dep} slows {svc}
t: {svc} timeouts after {svc2} held database connections open
w: {svc} ran out of database connections to {dep}; requests queued for a connection until they timed out and the API answered 503.
w: Every connection in the {dep} pool was held by slow queries from {svc2}, so {svc} could not get a connection and its requests failed with `timeout acquiring connection`.
r: The pool size of {svc} is {limit} connections per pod and {dep} allows {limit2} in total. After the autoscaler added pods during the {code} campaign the sum of all pools exceeded the server limit, and new pods waited forever for a connection.
r: A new report query in {svc2} ran inside a transaction and held its connection for up to {mins} minutes. As traffic grew these long transactions took every slot in the shared pool, starving the short checkout queries.
r: pgbouncer ran in session mode for {svc} because of prepared statements, so every idle client kept a server connection. The `default_pool_size` of {limit} was reached during the morning peak.
r: A missing index on `{table}.{ident}` made a hot query go from {ms} ms to several seconds. Connections were returned to the pool so slowly that the pool was always empty.
g: Traffic on {svc} rose {pct}% at {tstart} UTC when the {code} campaign email went out.
g: The deploy of {svc2} {ver}, which added the new report query, reached 100% of pods at {tstart} UTC.
f: Pool sizes are set per pod, but nobody owns the total across all pods.
f: No alert on pool saturation or on connection wait time.
f: The connection acquire timeout was {n} seconds, longer than the upstream request timeout, so requests piled up.
f: Long-running analytical queries share the same pool as latency-sensitive traffic.
f: The ORM opens a transaction for every request, including read-only ones.
f: Load tests were run with {n} pods, not with the autoscaler's maximum.
x: We lowered the per-pod pool size to {n} and restarted {svc}, which brought the total under the server limit. Errors stopped at {tmit}.
x: {oncall} killed the long-running queries with `pg_terminate_backend` and disabled the report in {svc2} with the `{flag}` flag; the pool recovered within a minute.
x: The missing index was created concurrently on {dep} at {tmit}; query time dropped back to {ms} ms and the pool drained.
a: Alert on connection wait time and pool saturation for {svc}
a: Move reporting queries of {svc2} to a read replica with its own pool
a: Set the acquire timeout below the request timeout everywhere
a: Compute total pool size in CI from the autoscaler maximum and fail above the server limit
a: Switch {svc} to pgbouncer transaction mode
e0: {svc} p99 latency climbs from {ms} ms to {n} s
e0: First `FATAL: sorry, too many clients already` in {dep} logs
ei: {dep} shows {limit2} of {limit2} connections in use; `pg_stat_activity` full of `idle in transaction`
ei: {oncall} sees `timeout acquiring connection from pool` in {svc} logs
em: Per-pod pool size reduced and {svc} restarted
em: Long-running queries terminated; report disabled via `{flag}`
l: We sized each pool in isolation and never looked at the total.
l: The database was healthy the whole time; the bottleneck was a number in a config file.
kt: {dep} 커넥션 풀 고갈로 {svc} 응답 지연
kt: {svc} 503 오류 — DB 커넥션 부족
kw: {svc}가 {dep}에 대한 커넥션을 모두 소진해 요청이 대기열에서 타임아웃되었다.
kw: {svc2}의 느린 쿼리가 공유 풀의 커넥션을 모두 점유해 {svc}가 커넥션을 얻지 못했다.
kr: 오토스케일러가 파드를 늘리면서 파드별 풀 크기({limit})의 합이 DB 최대 커넥션 수({limit2})를 넘었다.
kr: 새로 추가된 리포트 쿼리가 트랜잭션 안에서 최대 {mins}분 동안 커넥션을 잡고 있었다.
kg: {tstart}(UTC)에 {code} 캠페인 메일이 발송되며 트래픽이 {pct}% 증가했다.
kf: 전체 커넥션 수를 관리하는 담당자가 없었다.
kf: 풀 포화도와 대기 시간에 대한 알림이 없었다.
kf: 분석용 쿼리와 실시간 쿼리가 같은 풀을 사용했다.
kx: 파드별 풀 크기를 줄이고 {svc}를 재시작해 {tmit}에 복구됐다.
ka: 커넥션 대기 시간 알림 추가
ka: 리포트 쿼리를 읽기 전용 복제본으로 분리
ke0: {svc} p99 지연 시간 {n}초로 증가
kei: `pg_stat_activity`에서 `idle in transaction` 다수 확인
kem: 풀 크기 조정 후 {svc} 재시작
kl: 풀 크기를 개별 서비스 단위로만 보고 전체 합계를 보지 않았다.

@bad-config-push | configuration change | config, deploy, change-management | config-service, Consul, the config repo, Helm values | 6
t: Bad config push breaks {svc} in {region}
t: {svc} outage after configuration change to `{cfg}`
t: Invalid `{cfg}` value rolled out to all {svc} instances
w: A configuration change to `{cfg}` was pushed to every {svc} instance at once; the new value was invalid and the service stopped accepting requests.
w: A config push meant for staging reached production through the {dep}, and {svc} started routing traffic to a host that does not exist.
r: Configuration for {svc} is distributed by the {dep} and applied without a restart. The change in PR #{pr} set `{cfg}` to `{ident}`, a value the parser accepted but the service treated as zero, so every request was rejected.
r: Config changes skip the staged rollout that code deploys go through. The bad value reached all {n} instances in {region} within {n2} seconds, so there was no canary signal before full impact.
r: The staging and production overlays share a base file. A refactor in PR #{pr} moved `{cfg}` into the base, so the staging value silently became the production value as well.
g: PR #{pr} ("{code}: tune `{cfg}`") was merged and pushed by the {dep} at {tstart} UTC.
g: The scheduled config sync at {tstart} UTC applied a change that had been merged the evening before.
f: Config changes are not validated against a schema before they are pushed.
f: Config is applied to all instances at once; there is no canary for configuration.
f: The reviewer of PR #{pr} could not see the rendered production value in the diff.
f: Rollback of a config change requires a revert PR and a full pipeline run ({mins} minutes).
f: The `{cfg}` key has no documentation of its valid range.
x: We reverted PR #{pr} and forced a config sync; {svc} recovered at {tmit} as instances picked up the old value.
x: {oncall} edited the value directly in the {dep} as a break-glass change, then followed up with a revert PR.
a: Validate `{cfg}` and all {svc} config against a schema in CI
a: Roll out config changes progressively, one zone at a time
a: Show rendered per-environment values in config PR diffs
a: Add a one-command config rollback to the runbook
a: Document valid ranges for all keys in `{svc}/config`
e0: Config change PR #{pr} merged and pushed
e0: {svc} error rate rises to {pct}% in all zones within a minute
ei: {oncall} correlates the start with the config push in #deploys
ei: Diff of rendered config shows `{cfg}: {ident}` in production
em: Revert of PR #{pr} pushed; config sync forced
l: Configuration is code, but we gave it none of the safety net that code gets.
l: The fastest path to production in our stack is the least tested one.
kt: 잘못된 설정 배포로 {svc} 장애
kt: `{cfg}` 설정 변경 후 {svc} 요청 실패
kw: `{cfg}` 설정 변경이 모든 {svc} 인스턴스에 한 번에 적용되었고, 잘못된 값 때문에 서비스가 요청을 거부했다.
kr: 설정 변경은 코드 배포와 달리 단계적 배포를 거치지 않아, 잘못된 값이 {n2}초 만에 전체 인스턴스에 반영되었다.
kr: 스테이징과 운영 설정이 같은 기본 파일을 공유하고 있어 스테이징 값이 운영에도 적용되었다.
kg: {tstart}(UTC)에 PR #{pr}가 병합되어 설정이 배포되었다.
kf: 배포 전에 설정값을 스키마로 검증하지 않았다.
kf: 설정 변경에 대한 카나리 배포가 없었다.
kx: PR #{pr}를 되돌리고 설정 동기화를 강제로 실행해 {tmit}에 복구됐다.
ka: CI에서 설정 스키마 검증 추가
ka: 설정 변경도 존 단위로 단계적 배포
ke0: 설정 변경 PR #{pr} 병합 및 배포
kem: PR #{pr} 되돌림, 설정 동기화 강제 실행
kl: 설정도 코드처럼 다뤄야 한다.
"""

# --------------------------------------------------------------------------
# Shared boilerplate (English)
# --------------------------------------------------------------------------

SUMMARY_OPEN = [
    "On {date}, between {tstart} and {tres} UTC, {svc} was degraded.",
    "This postmortem covers the {svc} incident of {date}.",
    "For {dur} on {date}, customers of {svc} saw errors.",
    "At {tstart} UTC on {date} {svc} started returning errors.",
    "From {tstart} to {tmit} UTC on {date}, {svc} was partially unavailable.",
    "This document describes what happened to {svc} on {date}, why, and what we are changing.",
]
SUMMARY_CLOSE = [
    "The incident was detected after {ttd} and fully resolved at {tres} UTC.",
    "No data was lost.",
    "We declared {sev} at {tdet} and the {team} team led the response.",
    "Customers on the {cust} and {cust2} accounts were the most affected.",
    "The response was led by {ic} with {oncall} as the primary on-call engineer.",
    "Total duration from first error to recovery was {dur}.",
    "It was the third incident involving {svc} this quarter, which is why we are spending more time on follow-up than usual.",
    "Nothing in this incident needed a hotfix; every step was a rollback or a configuration change.",
]
IMPACT = [
    "{pct}% of requests to {svc} failed for {dur}.",
    "About {big} API calls returned HTTP 5xx between {tstart} and {tmit} UTC.",
    "{n} enterprise customers, including {cust} and {cust2}, opened support tickets.",
    "p99 latency of {svc2} rose from {ms} ms to {n} s.",
    "No data was lost; {big} jobs were retried automatically after recovery.",
    "The status page showed a partial outage for {dur}.",
    "The {team} team could not deploy for {dur} because CI depends on {svc}.",
    "This incident consumed {pct}% of the monthly error budget of {svc}.",
    "Estimated revenue impact: ${big} in delayed or failed transactions.",
    "{svc3} was not affected.",
    "{big} webhook deliveries were delayed by up to {mins} minutes.",
    "Support received {n} tickets and {n2} chat conversations about the issue.",
    "SLA credits are owed to {n} customers on the enterprise plan.",
    "Mobile clients retried aggressively and tripled the request rate to {svc2}.",
    "Merchants in {region} saw the worst of it; other regions had a {pct}% error rate at peak.",
    "Checkout conversion dropped {pct}% compared with the same hour last week.",
    "Around {big} users were logged out and had to sign in again.",
    "Batch exports scheduled in the window ran {hours} hours late.",
]
DETECTION = [
    "{alert} paged {oncall} at {tdet}, {ttd} after the start.",
    "We found out from customers: the first support ticket arrived at {tdet}, {ttd} after the start.",
    "A synthetic check from {region2} failed three times in a row and paged at {tdet}.",
    "{oncall} noticed the error rate on the `{dash}` dashboard at {tdet} while looking at something else; no alert fired.",
    "The SLO burn-rate alert for {svc} fired at {tdet}. The faster page-level alert did not fire because its threshold is {pct}%.",
    "{alert} fired at {tdet} but went to a Slack channel, not to a pager; {oncall} saw it {mins} minutes later.",
    "Anomaly detection on `{metric}` opened a low-priority ticket at {tdet}, which {oncall} escalated to a page.",
]
EVENTS_DETECT = [
    "{alert} fires; {oncall} paged",
    "First customer ticket from {cust}",
    "Synthetic check `{svc}-smoke` fails from {region2}",
    "{oncall} notices errors on the `{dash}` dashboard",
    "SLO burn-rate alert for {svc} fires",
]
EVENTS_MID = [
    "{oncall} acknowledges the page",
    "Incident channel `#inc-{day}-{svc}` opened",
    "{ic} takes over as incident commander",
    "Status page updated: investigating elevated errors on {svc}",
    "{team} on-call engineer joins",
    "First theory: the recent deploy of {svc2}; rolled back, no change",
    "Dashboards show the error rate at {pct}% on {svc}",
    "Customer support reports tickets from {cust} and {cust2}",
    "{oncall} posts the first update in #incidents",
    "Failover to {region2} considered and rejected: the problem is not regional",
    "{ic} asks for a 15-minute checkpoint cadence",
    "Traces show most time spent waiting on {svc2}",
    "Heap and CPU on {svc} normal; problem is elsewhere",
    "`{metric}` confirms the start at {tstart}",
    "{n} pods of {svc} restarted to rule out bad state; no change",
    "Vendor status page checked: no known issues",
    "Escalated to the {team} engineering manager",
    "Customer communication drafted by support",
]
EVENTS_END = [
    "Error rate back to baseline; monitoring",
    "Incident resolved; status page updated",
    "Backlog drained; all queues at normal depth",
    "{ic} closes the incident; postmortem owner is {author}",
]
FACTORS = [
    "The runbook for {svc} was last updated in {oldyear} and did not cover this failure mode.",
    "Alert thresholds for {svc} were set when traffic was a third of today's.",
    "The on-call engineer was on their first shift on this rotation and had not worked on {svc} before.",
    "Dashboards for {svc} live in two places and the one linked from the alert was stale.",
    "There was no load test for this code path.",
    "Ownership of {svc2} was unclear after the {team} team reorganisation.",
    "A change-freeze exception was granted without a second reviewer.",
    "Logs of {svc} are sampled at 1%, which hid the first errors.",
    "Retries from {svc2} multiplied the load on {svc} by {n}.",
    "The incident happened during a holiday week with reduced staffing.",
    "Tracing was disabled for {svc} after the `{code}` cost review, so we could not see where time went.",
]
ACTIONS = [
    "Update the {svc} runbook with the steps used during this incident",
    "Link the `{dash}` dashboard from the {alert} alert",
    "Run a game day for {svc} failure modes",
    "Review alert thresholds of {svc} against current traffic",
    "Add a status page template for {svc} outages",
    "Assign a clear owner for {svc2}",
    "Add {svc} to the weekly reliability review",
    "Turn tracing back on for {svc} at 5% sampling",
    "Document the escalation path to the {team} team",
    "Add retry budgets to the {svc2} client",
]
WENT_WELL = [
    "The incident channel was opened within minutes and roles were clear.",
    "The rollback procedure worked exactly as documented.",
    "Support had a customer message ready before we had a root cause.",
    "{oncall} asked for help early instead of debugging alone.",
    "The 15-minute checkpoints kept everyone aligned.",
    "Dashboards for {svc} made the blast radius obvious.",
    "We had a feature flag to turn the failing path off.",
    "The status page was updated within {mins} minutes of detection.",
]
WENT_WRONG = [
    "We learned about the problem from customers, not from our alerts.",
    "The alert linked to a dashboard that no longer exists.",
    "It took {mins} minutes to find who owns {svc2}.",
    "Two people made changes at the same time without telling the channel.",
    "Our first theory was wrong and we spent {mins} minutes on it.",
    "Access to production for the on-call engineer had expired.",
    "The runbook assumed a tool we removed last year.",
]
GOT_LUCKY = [
    "It happened on a weekday afternoon with most of the team online.",
    "Traffic was low because of a public holiday in {region}.",
    "The engineer who wrote {svc2} happened to be in the incident channel.",
    "The nightly batch had finished minutes before the incident started.",
    "A customer with a large integration was in a maintenance window.",
    "Nobody deployed anything else during the incident.",
]
UPDATES = [
    "Follow-up: the fix was verified in production on {day2}.",
    "Update {day2}: the vendor confirmed the behaviour in their ticket {ticket}.",
    "After the review meeting we agreed that the real gap is ownership, not tooling.",
    "Correction: the first error was logged {mins} minutes earlier than stated above; the timeline below is updated.",
    "Update {day2}: a similar pattern was seen in staging and caught by the new alert.",
    "Note: the numbers in Impact were recomputed from the billing data on {day2}.",
    "We also confirmed that no customer data was exposed; see {ticket}.",
]

# --------------------------------------------------------------------------
# Shared boilerplate (Korean)
# --------------------------------------------------------------------------

K_SUMMARY_OPEN = [
    "{date_ko} {tstart}부터 {tres}(UTC)까지 약 {dur_ko} 동안 {svc} 서비스에 장애가 발생했다.",
    "이 문서는 {date_ko}에 발생한 {svc} 장애를 정리한 것이다.",
    "{date_ko} {tstart}(UTC)부터 {svc}가 오류를 반환하기 시작했다.",
]
K_SUMMARY_CLOSE = [
    "장애는 {ttd_ko} 만에 탐지되었고 {tres}(UTC)에 완전히 복구됐다.",
    "데이터 유실은 없었다.",
    "{tdet}에 {sev}로 선언했고 {team} 팀이 대응을 주도했다.",
    "{cust}와 {cust2} 고객의 영향이 가장 컸다.",
    "장애 지휘는 {ic}, 1차 온콜은 {oncall}이 맡았다.",
]
K_IMPACT = [
    "{svc} 요청의 {pct}%가 {dur_ko} 동안 실패했다.",
    "고객 문의 {n}건이 접수되었다.",
    "{svc2}의 p99 지연 시간이 {ms}ms에서 {n}초로 증가했다.",
    "약 {big}건의 작업이 지연되었으나 복구 후 자동으로 재처리됐다.",
    "상태 페이지에 {dur_ko} 동안 부분 장애로 표시되었다.",
    "{svc3}는 영향을 받지 않았다.",
    "이번 장애로 {svc}의 월간 에러 버짓 중 {pct}%를 소진했다.",
    "{region} 리전 가맹점의 결제 전환율이 평소 대비 {pct}% 감소했다.",
]
K_DETECT = [
    "{alert} 알림이 {tdet}에 온콜({oncall})을 호출했다.",
    "고객 문의로 처음 인지했다. 첫 문의는 {tdet}에 접수되었다.",
    "{region2}에서 실행하는 합성 모니터링이 연속 실패해 {tdet}에 호출이 발생했다.",
]
K_EVENTS_DETECT = ["{alert} 알림 발생, {oncall} 호출", "{cust} 고객 첫 문의 접수",
                   "합성 모니터링 `{svc}-smoke` 실패"]
K_EVENTS_MID = [
    "{oncall} 호출 확인",
    "장애 채널 `#inc-{day}-{svc}` 개설",
    "{ic}님이 장애 지휘 담당",
    "상태 페이지 업데이트: {svc} 오류 조사 중",
    "{team} 팀 온콜 합류",
    "원인 후보로 {svc2} 최근 배포를 롤백했으나 변화 없음",
    "대시보드에서 {svc} 오류율 {pct}% 확인",
    "트레이스 분석 결과 대부분의 시간이 {svc2} 대기에 소요됨",
    "{svc} 파드 {n}개 재시작, 변화 없음",
]
K_EVENTS_END = ["오류율 정상화 확인, 모니터링 지속", "장애 종료 선언, 상태 페이지 업데이트",
                "적체된 작업 처리 완료"]
K_FACTORS = [
    "{svc} 런북이 {oldyear}년 이후 갱신되지 않았다.",
    "알림 임계값이 현재 트래픽 규모에 맞지 않았다.",
    "온콜 담당자가 {svc}를 다뤄 본 경험이 없었다.",
    "{svc2}의 담당 팀이 조직 개편 이후 명확하지 않았다.",
    "{svc2}의 재시도로 {svc}의 부하가 {n}배로 늘었다.",
]
K_ACTIONS = [
    "{svc} 런북 갱신",
    "{alert} 알림에 `{dash}` 대시보드 링크 추가",
    "{svc} 장애 대응 게임데이 진행",
    "{svc2} 담당 팀 명확화",
    "{svc} 알림 임계값 재검토",
]
K_WELL = ["장애 채널이 빠르게 열리고 역할 분담이 명확했다.", "롤백 절차가 문서대로 동작했다.",
          "고객 공지가 빠르게 나갔다.", "기능 플래그로 문제 경로를 바로 끌 수 있었다."]
K_WRONG = ["고객 문의가 먼저 들어오고 나서야 장애를 인지했다.",
           "대시보드가 여러 곳에 흩어져 있어 원인 파악이 늦어졌다.",
           "첫 번째 가설이 틀려 {mins}분을 허비했다.",
           "두 사람이 채널에 알리지 않고 동시에 변경을 했다."]
K_LUCKY = ["트래픽이 적은 시간대에 발생했다.", "마침 해당 시스템 담당자가 근무 중이었다.",
           "야간 배치가 장애 직전에 끝나 있었다."]
K_UPDATES = ["추가: {day2}에 운영 환경에서 수정 사항을 확인했다.",
             "정정: 영향 수치를 {day2}에 결제 데이터 기준으로 다시 계산했다.",
             "회고 회의 결과, 도구보다 담당 체계가 더 큰 문제라는 데 합의했다."]

RES_FOLLOW = [
    "The permanent fix was deployed on {day2} and is tracked in {ticket}.",
    "We kept {svc} in degraded mode for another {hours} hours to watch for regressions before closing the incident.",
    "Backfill of the affected records finished on {day2}; see {ticket} for the reconciliation report.",
    "Once the error rate was stable, {oncall} removed the temporary overrides and handed over to the {team} team.",
    "Support replayed the failed customer requests from the dead-letter queue on {day2}.",
]
K_RES_FOLLOW = [
    "근본적인 수정은 {day2}에 배포되었고 {ticket}에서 추적한다.",
    "안정화 이후 {hours}시간 동안 추가 모니터링한 뒤 장애를 종료했다.",
    "영향받은 데이터의 보정 작업은 {day2}에 완료됐다({ticket}).",
]

SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"]
SEV_WEIGHTS = [10, 30, 40, 20]
ACTION_TYPES = ["mitigate", "prevent", "detect", "process", "repair"]
CUSTOMER_SUFFIX = ["Ltd", "GmbH", "Inc.", "Co.", "AB", "SAS", "Group", "Retail", "Labs", "Market"]


# --------------------------------------------------------------------------
# Family table
# --------------------------------------------------------------------------

def parse_families(text: str) -> list[dict]:
    fams: list[dict] = []
    cur: dict | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            key, rcc, tags, deps, weight = [p.strip() for p in line[1:].split("|")]
            cur = {"key": key, "rcc": rcc, "weight": int(weight),
                   "tags": [t.strip() for t in tags.split(",")],
                   "deps": [d.strip() for d in deps.split(",")]}
            fams.append(cur)
            continue
        field, _, value = line.partition(":")
        assert cur is not None and value, raw
        cur.setdefault(field.strip(), []).append(value.strip())
    required = ["t", "w", "r", "g", "f", "x", "a", "e0", "ei", "em", "l",
                "kt", "kw", "kr", "kg", "kf", "kx", "ka", "ke0", "kem"]
    for fam in fams:
        for field in required:
            assert fam.get(field), (fam["key"], field)
        fam.setdefault("kei", [])
        fam.setdefault("kl", [])
    return fams


FAMILIES = parse_families(FAMILY_TEXT)


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

class Vocab:
    """Generated words and identifiers: a large, realistic term dictionary."""

    def __init__(self, seed: int):
        rng = random.Random(f"{seed}/vocab")
        words: list[str] = []
        seen: dict[str, None] = {}
        while len(words) < 3000:
            w = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
            if w not in seen and 4 <= len(w) <= 10:
                seen[w] = None
                words.append(w)
        self.words = words
        services = list(BASE_SERVICES)
        for w in words[:160]:
            services.append(f"{w}-{rng.choice(SERVICE_SUFFIXES)}")
        self.services = services
        self.customers = [f"{w.capitalize()} {rng.choice(CUSTOMER_SUFFIX)}" for w in words[160:560]]
        self.codenames = [w.capitalize() for w in words[560:900]]


# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------

_NO_LINE_START = re.compile(r"^(?:[-+*>#|=]|\d+[.)])")


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Greedy word wrap that never starts a line with Markdown syntax."""
    if width <= 0 or len(first) + len(text) <= width:
        return [first + text]
    out: list[str] = []
    prefix = first
    cur: list[str] = []
    n = len(prefix)
    for word in text.split(" "):
        if cur and n + 1 + len(word) > width and not _NO_LINE_START.match(word):
            out.append(prefix + " ".join(cur))
            prefix = rest
            cur = [word]
            n = len(prefix) + len(word)
        else:
            n += len(word) + (1 if cur else 0)
            cur.append(word)
    if cur:
        out.append(prefix + " ".join(cur))
    return out


def fmt_dur(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} minute" + ("s" if minutes != 1 else "")
    h, m = divmod(minutes, 60)
    if h >= 48:
        d, h = divmod(h, 24)
        s = f"{d} days" + (f" {h} hour" + ("s" if h != 1 else "") if h else "")
        return s
    s = f"{h} hour" + ("s" if h != 1 else "")
    if m:
        s += f" {m} minute" + ("s" if m != 1 else "")
    return s


def fmt_dur_ko(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes}분"
    h, m = divmod(minutes, 60)
    return f"{h}시간" + (f" {m}분" if m else "")


def yaml_str(s: str) -> str:
    if re.search(r"[:#\"'`\[\]{}&*!|>%@,]", s) or s[:1] in "-?" or s != s.strip():
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return s


def cell(s: str) -> str:
    return s.replace("|", "\\|")


def iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:00Z")


def ymd(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


def hm(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%H:%M")


MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def long_date(ts: int) -> str:
    d = datetime.fromtimestamp(ts, UTC)
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def ko_date(ts: int) -> str:
    d = datetime.fromtimestamp(ts, UTC)
    return f"{d.year}년 {d.month}월 {d.day}일"


def slugify(s: str) -> str:
    s = s.lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    parts = s.split("-")
    out: list[str] = []
    for p in parts:
        if len("-".join(out + [p])) > 60:
            break
        out.append(p)
    return "-".join(out) or "incident"


# --------------------------------------------------------------------------
# Per-document context
# --------------------------------------------------------------------------

class Ctx(dict):
    """Placeholder values: fixed per document, or drawn fresh per use."""

    def __init__(self, rng: random.Random, vocab: Vocab):
        super().__init__()
        self.rng = rng
        self.vocab = vocab

    def __missing__(self, key: str) -> str:
        r = self.rng
        if key == "n":
            return str(r.randint(2, 40))
        if key == "n2":
            return str(r.randint(3, 90))
        if key == "pct":
            return str(r.choice((3, 5, 8, 12, 15, 20, 25, 30, 40, 45, 60, 70, 85, 100)))
        if key == "big":
            return f"{r.randint(1, 990):,}" if r.random() < 0.3 else f"{r.randint(1000, 950000):,}"
        if key == "mins":
            return str(r.randint(2, 55))
        if key == "hours":
            return str(r.randint(2, 9))
        if key == "ms":
            return str(r.choice((12, 25, 40, 80, 120, 180, 250, 400, 650)))
        if key == "ident":
            return self.ident()
        if key == "word":
            return r.choice(self.vocab.words)
        if key == "hex":
            return "%07x" % r.getrandbits(28)
        raise KeyError(key)

    def ident(self) -> str:
        r = self.rng
        a, b = r.choice(TECH_WORDS), r.choice(TECH_WORDS)
        k = r.random()
        if k < 0.3:
            return f"{a}.{b}_{r.choice(TECH_WORDS)}"
        if k < 0.5:
            return f"{a}_{b}"
        if k < 0.65:
            return f"{a}{b.capitalize()}"
        if k < 0.8:
            return f"{r.choice(self.vocab.words)}_{a}"
        return f"{a}-{b}-{r.randint(1, 99)}"


def fill(tpl: str, ctx: Ctx) -> str:
    return tpl.format_map(ctx)


# --------------------------------------------------------------------------
# Document generation
# --------------------------------------------------------------------------

FORMATS = ["sre", "team", "pagerduty", "setext", "korean"]


class Doc:
    __slots__ = ("idx", "fmt", "fam", "author", "sev", "start", "ttd", "ttm",
                 "ttr", "add_ts", "edits", "path", "text", "title", "slug",
                 "owners", "remaining")


def plan_docs(n: int, rng: random.Random) -> list[Doc]:
    """Dates, formats, families, authors and edit times (cheap; no text)."""
    fam_weights = [f["weight"] for f in FAMILIES]
    span = T_ADD_END - T_BEGIN - 30 * DAY
    starts = []
    for _ in range(n):
        u = rng.random()
        # Incident rate grows over time: mix of uniform and linear ramp.
        u = u if rng.random() < 0.5 else u ** 0.5
        starts.append(T_BEGIN + 30 * DAY + int(u * span))
    starts.sort()
    docs = []
    for i, s in enumerate(starts):
        d = Doc()
        d.idx = i
        r = rng.random()
        d.fmt = "korean" if r < 0.15 else FORMATS[int((r - 0.15) / 0.85 * 4)]
        d.fam = rng.choices(range(len(FAMILIES)), fam_weights)[0]
        if d.fmt == "korean":
            d.author = rng.choice(KOREAN_ENGINEERS)
        else:
            d.author = rng.choice(OTHER_ENGINEERS if rng.random() < 0.9 else KOREAN_ENGINEERS)
        d.sev = rng.choices(SEVERITIES, SEV_WEIGHTS)[0]
        tz = ENGINEERS[d.author][3] * 60
        lo, hi = max(0, -tz), min(DAY, DAY - tz)   # UTC seconds of the day that are the same local date
        day0 = s - s % DAY
        start_tod = rng.randint(0, max(60, hi - 3 * 3600)) // 60 * 60
        d.start = day0 + start_tod
        d.ttd = rng.choice((1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 45, 60, 90, 150))
        d.ttm = d.ttd + rng.choice((3, 5, 8, 12, 15, 20, 30, 40, 55, 75, 100, 140, 200, 320))
        d.ttr = d.ttm + rng.choice((0, 0, 5, 10, 20, 35, 60, 90, 150, 240, 480, 900))
        want = start_tod + d.ttr * 60 + rng.randint(1800, 4 * 3600)
        tod = min(max(want, lo, start_tod + 600), hi - 120)
        d.add_ts = day0 + tod + rng.randint(0, 59)
        k = rng.choice((0, 1, 1, 2, 2, 2, 2, 3, 3, 4))
        edits = []
        for _ in range(k):
            delay = int(rng.expovariate(1 / 25.0) * DAY) + rng.randint(3600, 3 * DAY)
            t = d.add_ts + delay
            if t >= T_END:
                t = rng.randint(d.add_ts + 3600, T_END - 3600)
            edits.append(t)
        edits.sort()
        d.edits = edits
        d.remaining = k
        docs.append(d)
    return docs


class Writer:
    """Builds the Markdown of one postmortem."""

    def __init__(self, doc: Doc, vocab: Vocab, seed: int):
        self.d = doc
        self.v = vocab
        self.rng = random.Random(f"{seed}/doc/{doc.idx}")
        self.fam = FAMILIES[doc.fam]
        self.ko = doc.fmt == "korean"
        self.ctx = self.make_ctx()
        r = self.rng
        self.width = r.choice((72, 76, 78, 80, 80, 0)) if not self.ko else r.choice((40, 44, 0))
        self.size = min(1.0, max(0.0, r.triangular(0.0, 1.0, 0.3)))
        self.title_text = self.pick(self.fam["kt" if self.ko else "t"])

    # -- helpers ----------------------------------------------------------
    def pick(self, pool: list[str]) -> str:
        return fill(self.rng.choice(pool), self.ctx)

    def picks(self, pool: list[str], k: int) -> list[str]:
        k = max(0, min(k, len(pool)))
        return [fill(t, self.ctx) for t in self.rng.sample(pool, k)]

    def count(self, lo: int, hi: int) -> int:
        s = self.size
        return max(lo, min(hi, int(round(lo + (hi - lo) * s + self.rng.uniform(-1, 1)))))

    def para(self, text: str) -> list[str]:
        return wrap(text, self.width)

    def bullet(self, text: str, mark: str = "-") -> list[str]:
        first = mark + " "
        return wrap(text, self.width, first, " " * len(first))

    def person(self) -> int:
        return self.rng.choice(KOREAN_ENGINEERS if self.ko and self.rng.random() < 0.8 else range(len(ENGINEERS)))

    def make_ctx(self) -> Ctx:
        r, v, d, fam = self.rng, self.v, self.d, self.fam
        c = Ctx(r, v)
        svcs = r.sample(v.services, 3)
        c["svc"], c["svc2"], c["svc3"] = svcs
        c["dep"] = r.choice(fam["deps"])
        c["team"] = r.choice(TEAMS)
        c["region"], c["region2"] = r.sample(REGIONS, 2)
        c["code"] = r.choice(v.codenames)
        c["cust"], c["cust2"] = r.sample(v.customers, 2)
        c["cfg"] = c.ident()
        c["flag"] = f"{r.choice(v.words)}_{r.choice(TECH_WORDS)}_enabled"
        c["job"] = f"{r.choice(v.words)}-{r.choice(TECH_WORDS)}-{r.choice(('renew', 'sync', 'cleanup', 'rollup', 'export', 'compact'))}"
        c["table"] = f"{r.choice(TECH_WORDS)}_{r.choice(TECH_WORDS)}s"
        c["queue"] = f"{svcs[0]}.{r.choice(TECH_WORDS)}"
        c["topic"] = f"{r.choice(TECH_WORDS)}.{r.choice(v.words)}.v{r.randint(1, 4)}"
        c["domain"] = f"{r.choice(('api', 'pay', 'auth', 'assets', 'hooks', 'm', 'www', 'admin'))}.{r.choice(v.words)}.{DOMAIN}"
        c["bucket"] = f"{svcs[0]}-{r.choice(TECH_WORDS)}-{r.choice(('prod', 'tls', 'secrets', 'live'))}"
        c["host"] = f"{svcs[0]}-prod-{r.randint(1, 40):02d}"
        c["host2"] = f"{r.choice(v.words)}-{r.choice(('db', 'cache', 'mq', 'lb', 'node'))}-{r.randint(1, 60):02d}"
        c["node"] = f"ip-10-{r.randint(0, 255)}-{r.randint(0, 255)}-{r.randint(1, 254)}"
        c["pool"] = f"{r.choice(v.words)}-pool"
        major = r.randint(1, 9)
        c["ver"] = f"v{major}.{r.randint(0, 40)}.{r.randint(0, 12)}"
        c["oldver"] = f"v{major}.{r.randint(0, 40)}.{r.randint(0, 12)}"
        c["kernel"] = f"{r.choice((5, 6))}.{r.randint(1, 15)}.{r.randint(0, 120)}"
        c["image"] = f"{svcs[0]}:{r.choice(v.words)}-{'%07x' % r.getrandbits(28)}"
        c["sha"] = "%07x" % r.getrandbits(28)
        c["pr"] = str(r.randint(120, 19000))
        proj = r.choice(("OPS", "INC", "PLAT", "PAY", "SRE", "CORE", "INFRA"))
        c["proj"] = proj
        c["ticket"] = f"{proj}-{r.randint(100, 9999)}"
        c["limit"] = str(r.choice((10, 16, 20, 32, 50, 64, 100, 128)))
        c["limit2"] = str(r.choice((200, 300, 400, 500, 800, 1000, 2000)))
        c["port"] = str(r.choice((443, 5432, 6379, 8080, 8443, 9092, 9200, 11211)))
        c["metric"] = f"{svcs[0].replace('-', '_')}_{r.choice(TECH_WORDS)}_{r.choice(('total', 'seconds', 'bytes', 'ratio', 'errors_total'))}"
        camel = "".join(p.capitalize() for p in svcs[0].split("-"))
        c["alert"] = f"{camel}{r.choice(('ErrorRateHigh', 'LatencyHigh', 'Unavailable', 'SLOBurn', '5xxRate', 'Saturation'))}"
        c["dash"] = f"{svcs[0]} / {r.choice(('overview', 'golden signals', 'RED', 'capacity', 'SLO'))}"
        c["oldyear"] = str(r.randint(2017, max(2017, datetime.fromtimestamp(d.start, UTC).year - 1)))
        c["sev"] = d.sev
        c["sevn"] = d.sev[3:]
        st = d.start
        c["day"] = ymd(st)
        c["day2"] = ymd(st + r.randint(3, 60) * DAY)
        c["date"] = long_date(st)
        c["date_ko"] = ko_date(st)
        c["tstart"] = hm(st)
        c["tdet"] = hm(st + d.ttd * 60)
        c["tmit"] = hm(st + d.ttm * 60)
        c["tres"] = hm(st + d.ttr * 60)
        c["dur"] = fmt_dur(d.ttr)
        c["dur_ko"] = fmt_dur_ko(d.ttr)
        c["ttd"] = fmt_dur(d.ttd)
        c["ttd_ko"] = fmt_dur_ko(d.ttd)
        c["author"] = ENGINEERS[d.author][0]
        oncall = r.choice(KOREAN_ENGINEERS if self.ko else range(len(ENGINEERS)))
        ic = r.choice(range(len(ENGINEERS)))
        c["oncall"] = ENGINEERS[oncall][0]
        c["ic"] = ENGINEERS[ic][0]
        return c

    # -- content pieces ----------------------------------------------------
    def title(self) -> str:
        return self.title_text

    def summary(self) -> list[list[str]]:
        f, ko = self.fam, self.ko
        if ko:
            s = [self.pick(K_SUMMARY_OPEN), self.pick(f["kw"])]
            s += self.picks(K_SUMMARY_CLOSE, self.count(1, 3))
            paras = [" ".join(s)]
            if self.size > 0.5:
                paras.append(self.pick(f["kr"]))
            return paras
        s = [self.pick(SUMMARY_OPEN), self.pick(f["w"])]
        s += self.picks(SUMMARY_CLOSE, self.count(1, 3))
        paras = [" ".join(s)]
        if self.size > 0.4:
            paras.append(" ".join([self.pick(f["r"])] + self.picks(IMPACT, 1)))
        return paras

    def impact(self) -> list[str]:
        return self.picks(K_IMPACT if self.ko else IMPACT, self.count(2, 7))

    def roots(self) -> list[str]:
        return self.picks(self.fam["kr" if self.ko else "r"], self.count(1, 3))

    def trigger(self) -> str:
        return self.pick(self.fam["kg" if self.ko else "g"])

    def factors(self) -> list[str]:
        f = self.fam
        if self.ko:
            out = self.picks(f["kf"], self.count(1, 3)) + self.picks(K_FACTORS, self.count(1, 3))
        else:
            out = self.picks(f["f"], self.count(2, 5)) + self.picks(FACTORS, self.count(1, 3))
        self.rng.shuffle(out)
        return out

    def resolution(self) -> list[str]:
        f = self.fam
        paras = [self.pick(f["kx" if self.ko else "x"])]
        if self.size > 0.45:
            paras.append(self.pick(K_RES_FOLLOW if self.ko else RES_FOLLOW))
        return paras

    def detection(self) -> str:
        return self.pick(K_DETECT if self.ko else DETECTION)

    def lessons(self) -> tuple[list[str], list[str], list[str]]:
        if self.ko:
            wrong = self.picks(self.fam["kl"], 1) + self.picks(K_WRONG, self.count(1, 2))
            return (self.picks(K_WELL, self.count(1, 3)), wrong, self.picks(K_LUCKY, self.count(1, 2)))
        wrong = self.picks(self.fam["l"], self.count(1, 2)) + self.picks(WENT_WRONG, self.count(1, 3))
        return (self.picks(WENT_WELL, self.count(1, 4)), wrong, self.picks(GOT_LUCKY, self.count(1, 2)))

    def timeline(self) -> list[tuple[int, str]]:
        """(timestamp, text) pairs, sorted."""
        d, r, f, ko = self.d, self.rng, self.fam, self.ko
        st = d.start
        ev: list[tuple[int, str]] = []
        e0 = f["ke0"] if ko else f["e0"]
        ei = (f["kei"] or f["ke0"]) if ko else f["ei"]
        em = f["kem"] if ko else f["em"]
        if r.random() < 0.4:
            ev.append((st - r.randint(2, 90) * 60,
                       f"Deploy of {self.ctx['svc']} {self.ctx['ver']} starts" if not ko else f"{self.ctx['svc']} {self.ctx['ver']} 배포 시작"))
        for i, t in enumerate(r.sample(e0, min(len(e0), r.randint(1, 2)))):
            ev.append((st + i * 60, fill(t, self.ctx)))
        ev.append((st + d.ttd * 60, self.pick(K_EVENTS_DETECT if ko else EVENTS_DETECT)))
        mids = self.picks(K_EVENTS_MID if ko else EVENTS_MID, self.count(2, 14))
        mids += self.picks(ei, r.randint(1, len(ei)))
        if not ko and d.sev in ("SEV1", "SEV2"):
            mids.append(f"{d.sev} declared")
        lo, hi = d.ttd + 1, max(d.ttd + 2, d.ttm - 1)
        times = sorted(r.randint(lo, hi) for _ in mids)
        r.shuffle(mids)
        for t, text in zip(times, mids):
            ev.append((st + t * 60, text))
        ev.append((st + d.ttm * 60, self.pick(em)))
        if d.ttr > d.ttm:
            ev.append((st + d.ttr * 60, self.pick(K_EVENTS_END if ko else EVENTS_END)))
        ev.sort(key=lambda e: e[0])
        return ev

    def actions(self) -> list[dict]:
        r, f, ko = self.rng, self.fam, self.ko
        n = self.count(3, 11)
        texts = self.picks(f["ka" if ko else "a"], (n + 1) // 2 + 1)
        texts += self.picks(K_ACTIONS if ko else ACTIONS, n - len(texts))
        items = []
        for t in texts:
            owner = self.person()
            status = r.choices(("TODO", "DONE", "IN PROGRESS"), (70, 18, 12))[0]
            items.append({
                "text": t, "owner": owner,
                "type": r.choice(ACTION_TYPES),
                "prio": r.choices(("P0", "P1", "P2", "P3"), (5, 35, 40, 20))[0],
                "due": ymd(self.d.start + r.randint(5, 120) * DAY),
                "bug": f"{self.ctx['proj']}-{r.randint(100, 9999)}" if r.random() < 0.85 else "",
                "status": status,
            })
        return items

    # -- rendering ----------------------------------------------------------
    def build(self) -> str:
        fmt = self.d.fmt
        if fmt == "sre":
            lines = self.render_sre()
        elif fmt == "team":
            lines = self.render_team()
        elif fmt == "pagerduty":
            lines = self.render_pd()
        elif fmt == "setext":
            lines = self.render_setext()
        else:
            lines = self.render_ko()
        text = "\n".join(lines).rstrip("\n") + "\n"
        return self.add_typos(text)

    def add_typos(self, text: str) -> str:
        r = self.rng
        k = r.choices((0, 1, 2, 3), (45, 35, 15, 5))[0]
        if not k:
            return text
        body_at = text.find("\n---\n", 4) + 5 if text.startswith("---\n") else 0
        pool = TYPOS_KO if self.ko else TYPOS_EN
        for wrong, right in r.sample(pool, len(pool)):
            if k == 0:
                break
            needle = right if self.ko else f" {right} "
            pos = text.find(needle, body_at)
            if pos < 0:
                continue
            bad = wrong if self.ko else f" {wrong} "
            text = text[:pos] + bad + text[pos + len(needle):]
            k -= 1
        return text

    def heading(self, lines: list[str], text: str, level: int = 2) -> None:
        if lines and lines[-1] != "":
            lines.append("")
        lines.append("#" * level + " " + text)
        lines.append("")

    def front_matter(self, lines: list[str], title: str, full: bool) -> None:
        d, r, c = self.d, self.rng, self.ctx
        lines.append("---")
        lines.append(f"title: {yaml_str(title)}")
        if full and r.random() < 0.4:
            lines.append(f"id: PM-{c['day'][:4]}-{d.idx % 1000 + 1:03d}")
        lines.append(f"date: {c['day']}")
        lines.append(f"severity: {d.sev}")
        if full and r.random() < 0.5:
            lines.append(f"status: {r.choice(('draft', 'draft', 'in review', 'complete'))}")
        svcs = [c["svc"]] + ([c["svc2"]] if r.random() < 0.6 else []) + ([c["svc3"]] if r.random() < 0.2 else [])
        tags = r.sample(self.fam["tags"], r.randint(1, len(self.fam["tags"])))
        tags += [r.choice(TECH_WORDS)] if r.random() < 0.3 else []
        if r.random() < 0.5:
            lines.append("services: [" + ", ".join(svcs) + "]")
            lines.append("tags: [" + ", ".join(tags) + "]")
        else:
            lines.append("services:")
            lines += [f"  - {s}" for s in svcs]
            lines.append("tags:")
            lines += [f"  - {t}" for t in tags]
        if full or r.random() < 0.5:
            authors = [ENGINEERS[d.author][0]] + ([ENGINEERS[self.person()][0]] if r.random() < 0.25 else [])
            lines.append("authors:")
            lines += [f"  - {a}" for a in authors]
        if full:
            if r.random() < 0.6:
                lines.append(f"root_cause_category: {self.fam['rcc']}")
            st = d.start
            lines.append(f"started: {iso(st)}")
            lines.append(f"detected: {iso(st + d.ttd * 60)}")
            lines.append(f"mitigated: {iso(st + d.ttm * 60)}")
            lines.append(f"resolved: {iso(st + d.ttr * 60)}")
            if r.random() < 0.15:
                lines.append(f"jira: {c['ticket']}")
            if r.random() < 0.15:
                lines.append(f"slack_channel: \"#inc-{c['day']}-{c['svc']}\"")
        lines.append("---")
        lines.append("")

    def timeline_bullets(self, lines: list[str], ev, header: str) -> None:
        cur = None
        for ts, text in ev:
            day = ymd(ts)
            if day != cur:
                if cur is not None:
                    lines.append("")
                lines.append(header.format(day=day))
                lines.append("")
                cur = day
            lines += self.bullet(f"{hm(ts)} — {text}")

    def timeline_table(self, lines: list[str], ev, head: str) -> None:
        lines.append(head)
        lines.append("|---|---|")
        for ts, text in ev:
            lines.append(f"| {ymd(ts)} {hm(ts)} | {cell(text)} |")

    def actions_table(self, lines: list[str], items, head: str) -> None:
        lines.append(head)
        lines.append("|---|---|---|---|---|")
        for it in items:
            lines.append(f"| {cell(it['text'])} | {it['type']} | {ENGINEERS[it['owner']][0]} | {it['bug']} | {it['status']} |")

    def actions_tasks(self, lines: list[str], items) -> None:
        for it in items:
            box = "x" if it["status"] == "DONE" else " "
            owner = "@" + ENGINEERS[it["owner"]][1]
            lines += self.bullet(f"[{box}] {owner} — {it['text']} ({it['prio']}, {it['due']})")

    def lessons_block(self, lines: list[str], level: int = 3, ko: bool = False) -> None:
        well, wrong, lucky = self.lessons()
        names = ("잘된 점", "아쉬운 점", "운이 좋았던 점") if ko else ("What went well", "What went wrong", "Where we got lucky")
        for name, items in zip(names, (well, wrong, lucky)):
            self.heading(lines, name, level)
            for it in items:
                lines += self.bullet(it)

    def render_sre(self) -> list[str]:
        title = self.title()
        L: list[str] = []
        self.front_matter(L, title, True)
        L.append(f"# {title}")
        self.heading(L, "Summary")
        for p in self.summary():
            L += self.para(p)
            L.append("")
        self.heading(L, "Impact")
        for it in self.impact():
            L += self.bullet(it)
        self.heading(L, "Root Causes")
        roots = self.roots()
        if len(roots) > 1 and self.rng.random() < 0.5:
            for p in roots:
                L += self.bullet(p)
        else:
            for p in roots:
                L += self.para(p)
                L.append("")
        self.heading(L, "Trigger")
        L += self.para(self.trigger())
        self.heading(L, "Resolution")
        for p in self.resolution():
            L += self.para(p)
            L.append("")
        self.heading(L, "Detection")
        L += self.para(self.detection())
        if self.size > 0.3:
            self.heading(L, "Contributing Factors")
            for f in self.factors():
                L += self.bullet(f)
        self.heading(L, "Action Items")
        self.actions_table(L, self.actions(), "| Action Item | Type | Owner | Bug | Status |")
        self.heading(L, "Lessons Learned")
        self.lessons_block(L)
        self.heading(L, "Timeline")
        self.timeline_bullets(L, self.timeline(), "**{day}** (all times UTC)")
        if self.size > 0.6:
            self.heading(L, "Supporting information")
            c = self.ctx
            L += self.bullet(f"Dashboard: https://grafana.{DOMAIN}/d/{c['sha']}/{c['svc']}")
            L += self.bullet(f"Incident ticket: {c['ticket']}")
            L += self.bullet(f"Slack: #inc-{c['day']}-{c['svc']}")
        return L

    def render_team(self) -> list[str]:
        title, c, r = self.title(), self.ctx, self.rng
        L = [f"# {title}"]
        self.heading(L, "Summary")
        for p in self.summary():
            L += self.para(p)
            L.append("")
        if r.random() < 0.5:
            L.append(f"Severity: {self.d.sev}. Services: {c['svc']}, {c['svc2']}.")
            L.append("")
        self.heading(L, "Timeline")
        self.timeline_table(L, self.timeline(), r.choice(("| Time | Event |", "| Time | Event |", "| Time (UTC) | Event |")))
        L.append("")
        L.append("All times in UTC.")
        self.heading(L, "Contributing Factors")
        for i, f in enumerate(self.factors(), 1):
            L += wrap(f, self.width, f"{i}. ", "   ")
        self.heading(L, "Action Items")
        self.actions_tasks(L, self.actions())
        self.heading(L, "Lessons Learned")
        well, wrong, lucky = self.lessons()
        for it in well + wrong + lucky:
            L += self.bullet(it)
        self.heading(L, "Attendees")
        for p in sorted({self.person() for _ in range(r.randint(3, 8))}):
            L.append(f"- {ENGINEERS[p][0]}")
        self.heading(L, "Stats")
        d = self.d
        L.append(f"- Time to detection: {fmt_dur(d.ttd)}")
        if r.random() < 0.6:
            L.append(f"- Time to mitigation: {fmt_dur(d.ttm)}")
        L.append(f"- Time to recovery: {fmt_dur(d.ttr)}")
        if r.random() < 0.4:
            L.append(f"- Customer tickets: {r.randint(0, 400)}")
        return L

    def render_pd(self) -> list[str]:
        title, c, r = self.title(), self.ctx, self.rng
        L: list[str] = []
        if r.random() < 0.5:
            self.front_matter(L, title, False)
        else:
            L += [f"# {title}", ""]
        self.heading(L, "Overview")
        for p in self.summary():
            L += self.para(p)
            L.append("")
        self.heading(L, "What Happened")
        for p in self.roots():
            L += self.para(p)
            L.append("")
        L += self.para(self.trigger() + " " + self.detection())
        self.heading(L, "Contributing Factors")
        for f in self.factors():
            L += self.bullet(f)
        self.heading(L, "Resolution")
        for p in self.resolution():
            L += self.para(p)
            L.append("")
        self.heading(L, "Impact")
        for it in self.impact():
            L += self.bullet(it)
        self.heading(L, "Responders")
        L.append(f"- Incident Commander: {c['ic']}")
        if r.random() < 0.7:
            L.append(f"- Scribe: {ENGINEERS[self.person()][0]}")
        L.append(f"- Primary on-call: {c['oncall']}")
        smes = sorted({ENGINEERS[self.person()][0] for _ in range(r.randint(1, 4))})
        L.append("- Subject matter experts: " + ", ".join(smes))
        self.heading(L, "Action Items")
        for it in self.actions():
            done = " — done" if it["status"] == "DONE" else ""
            L += self.bullet(f"{it['text']} (owner: {ENGINEERS[it['owner']][0]}, due {it['due']}){done}")
        self.heading(L, "Timeline")
        ev = self.timeline()
        if r.random() < 0.5:
            L.append(f"All times UTC, {ymd(ev[0][0])}.")
            L.append("")
            for ts, text in ev:
                L += self.bullet(f"{hm(ts)} — {text}")
        else:
            for ts, text in ev:
                L += self.bullet(f"{ymd(ts)} {hm(ts)} UTC — {text}")
        return L

    def setext(self, L: list[str], text: str, ch: str = "-") -> None:
        if L and L[-1] != "":
            L.append("")
        L.append(text)
        L.append(ch * max(len(text), 3))
        L.append("")

    def render_setext(self) -> list[str]:
        title, c, r, d = self.title(), self.ctx, self.rng, self.d
        L = [title, "=" * len(title), ""]
        reviewed = ymd(d.start + r.randint(2, 10) * DAY)
        L.append(f"*Severity: {d.sev} — Status: resolved — Author: {c['author']} — Reviewed {reviewed}*")
        self.setext(L, "Summary")
        for p in self.summary():
            L += self.para(p)
            L.append("")
        self.setext(L, "Impact")
        for it in self.impact():
            L += self.bullet(it, "*")
        self.setext(L, "Root cause")
        for p in self.roots():
            L += self.para(p)
            L.append("")
        self.setext(L, "Trigger")
        L += self.para(self.trigger())
        self.setext(L, "Timeline")
        ev = self.timeline()
        if r.random() < 0.5:
            self.timeline_bullets(L, ev, "{day} (UTC):")
        else:
            self.timeline_table(L, ev, "| Time (UTC) | Event |")
        self.setext(L, "Resolution")
        for p in self.resolution():
            L += self.para(p)
            L.append("")
        self.setext(L, "Contributing factors")
        for f in self.factors():
            L += self.bullet(f, "*")
        self.setext(L, "Action items")
        items = self.actions()
        if r.random() < 0.5:
            self.actions_tasks(L, items)
        else:
            self.actions_table(L, items, "| Action item | Type | Owner | Bug | Status |")
        self.setext(L, "Lessons learned")
        well, wrong, lucky = self.lessons()
        for it in well + wrong + lucky:
            L += self.bullet(it, "*")
        return L

    def render_ko(self) -> list[str]:
        title, c, r, d = self.title(), self.ctx, self.rng, self.d
        L: list[str] = []
        self.front_matter(L, title, r.random() < 0.6)
        L.append(f"# {title}")
        self.heading(L, "요약")
        for p in self.summary():
            L += self.para(p)
            L.append("")
        self.heading(L, "영향")
        for it in self.impact():
            L += self.bullet(it)
        self.heading(L, "타임라인")
        ev = self.timeline()
        if r.random() < 0.5:
            self.timeline_table(L, ev, "| 시각 (UTC) | 내용 |")
        else:
            self.timeline_bullets(L, ev, "**{day}** (UTC)")
        self.heading(L, r.choice(("근본 원인", "근본 원인", "장애 원인")))
        for p in self.roots():
            L += self.para(p)
            L.append("")
        if r.random() < 0.5:
            self.heading(L, "트리거")
            L += self.para(self.trigger())
        self.heading(L, r.choice(("대응", "해결", "조치 내용")))
        for p in self.resolution():
            L += self.para(p)
            L.append("")
        L += self.para(self.detection())
        if self.size > 0.3:
            self.heading(L, "기여 요인")
            for f in self.factors():
                L += self.bullet(f)
        self.heading(L, "재발 방지")
        items = self.actions()
        if r.random() < 0.65:
            self.actions_tasks(L, items)
        else:
            self.actions_table(L, items, "| 항목 | 유형 | 담당 | 이슈 | 상태 |")
        self.heading(L, "교훈")
        if r.random() < 0.5:
            self.lessons_block(L, 3, ko=True)
        else:
            well, wrong, lucky = self.lessons()
            for it in well + wrong + lucky:
                L += self.bullet(it)
        return L


# --------------------------------------------------------------------------
# Later edits
# --------------------------------------------------------------------------

HEADING_RE = re.compile(r"^#{1,6} ")
# An open plain-bullet action item: "(owner: Name, due YYYY-MM-DD)" at the end of a line.
OPEN_PLAIN_RE = re.compile(r"\(owner: [^()]*, due \d{4}-\d\d-\d\d\)$", re.M)


def section_bounds(lines: list[str], names: tuple[str, ...]) -> tuple[int, int] | None:
    """(first content line, end) of the first section whose heading is in names."""
    n = len(lines)
    for i, line in enumerate(lines):
        name = None
        if HEADING_RE.match(line):
            name = line.lstrip("#").strip()
            start = i + 1
        elif i + 1 < n and line and lines[i + 1][:3] in ("---", "===") and set(lines[i + 1]) <= {"-", "="} and i > 0 and lines[i - 1] == "":
            name = line.strip()
            start = i + 2
        if name in names:
            j = start
            while j < n:
                l = lines[j]
                if HEADING_RE.match(l) or (j + 1 < n and l and set(lines[j + 1]) <= {"-", "="} and len(lines[j + 1]) >= 3 and lines[j - 1] == ""):
                    break
                j += 1
            while j > start and lines[j - 1] == "":
                j -= 1
            return start, j
    return None


class Editor:
    def __init__(self, rng: random.Random, vocab: Vocab):
        self.rng = rng
        self.vocab = vocab

    def edit(self, doc: Doc, ts: int) -> tuple[str, str]:
        """Apply one later edit to doc.text; returns (subject, body)."""
        r, text = self.rng, doc.text
        cands: list[tuple[str, int]] = []
        if "- [ ] " in text:
            cands.append(("tick", 6))
        if "| TODO |" in text or "| IN PROGRESS |" in text:
            cands.append(("status", 6))
        if doc.fmt == "pagerduty" and OPEN_PLAIN_RE.search(text):
            cands.append(("plain", 5))
        if "\nstatus: draft\n" in text or "\nstatus: in review\n" in text:
            cands.append(("review", 3))
        typos = TYPOS_KO if doc.fmt == "korean" else TYPOS_EN
        if any((w if doc.fmt == "korean" else f" {w} ") in text for w, _ in typos):
            cands.append(("typo", 4))
        cands.append(("para", 3))
        if re.search(r"\b\d{1,3},\d{3}\b", text):
            cands.append(("number", 1))
        kind = r.choices([k for k, _ in cands], [w for _, w in cands])[0]
        return getattr(self, "op_" + kind)(doc, ts)

    def subject(self, doc: Doc, options: list[str], **kw) -> str:
        return self.rng.choice(options).format(slug=doc.slug, title=doc.title, **kw)

    def op_tick(self, doc, ts):
        text = doc.text
        pos = [m.start() for m in re.finditer(r"^- \[ \] ", text, re.M)]
        k = min(len(pos), self.rng.choice((1, 1, 1, 2, 2, 3)))
        chosen = sorted(self.rng.sample(pos, k))
        parts, last = [], 0
        for p in chosen:
            parts.append(text[last:p])
            parts.append("- [x] ")
            last = p + 6
        parts.append(text[last:])
        doc.text = "".join(parts)
        if doc.fmt == "korean" and self.rng.random() < 0.5:
            return self.subject(doc, ["재발 방지 항목 완료 처리: {slug}", "{slug}: 액션 아이템 {k}건 완료"], k=k), ""
        return self.subject(doc, ["Close action items for {slug}", "Mark {k} action item(s) done in {slug}",
                                  "{slug}: tick off completed follow-ups", "Close action items for {title}"], k=k), ""

    def op_status(self, doc, ts):
        text = doc.text
        pos = [(m.start(), m.group(0)) for m in re.finditer(r"\| (?:TODO|IN PROGRESS) \|", text)]
        p, s = self.rng.choice(pos)
        new = "| DONE |" if s == "| IN PROGRESS |" or self.rng.random() < 0.75 else "| IN PROGRESS |"
        doc.text = text[:p] + new + text[p + len(s):]
        return self.subject(doc, ["Update action item status in {slug}", "Close action items for {slug}",
                                  "{slug}: mark follow-up {st}", "Action items: status update ({slug})"],
                            st=new.strip("| ").lower()), ""

    def op_plain(self, doc, ts):
        text = doc.text
        m = self.rng.choice(list(OPEN_PLAIN_RE.finditer(text)))
        doc.text = text[:m.end()] + f" — done {ymd(ts)}" + text[m.end():]
        return self.subject(doc, ["Close action items for {slug}", "{slug}: mark action item done",
                                  "Follow-up done for {title}"]), ""

    def op_review(self, doc, ts):
        new = self.rng.choice(("complete", "reviewed", "complete"))
        doc.text = doc.text.replace("\nstatus: draft\n", f"\nstatus: {new}\n", 1).replace("\nstatus: in review\n", f"\nstatus: {new}\n", 1)
        return self.subject(doc, ["Mark {slug} as {st}", "Postmortem review done: {title}", "{slug}: status {st}"], st=new), \
            "Reviewed in the weekly incident review."

    def op_typo(self, doc, ts):
        ko = doc.fmt == "korean"
        text = doc.text
        fixed = 0
        for wrong, right in (TYPOS_KO if ko else TYPOS_EN):
            needle = wrong if ko else f" {wrong} "
            if needle in text:
                text = text.replace(needle, right if ko else f" {right} ")
                fixed += 1
                if self.rng.random() < 0.6:
                    break
        doc.text = text
        if ko and self.rng.random() < 0.5:
            return self.subject(doc, ["오타 수정: {slug}", "{slug} 맞춤법 수정"]), ""
        return self.subject(doc, ["Fix typo in {slug}", "Fix typos in {slug}", "typo", "{slug}: fix typo",
                                  "Fix spelling in {title}"]), ""

    def op_para(self, doc, ts):
        r = self.rng
        ko = doc.fmt == "korean"
        lines = doc.text.split("\n")
        c = Ctx(r, self.vocab)
        c["day2"] = ymd(ts)
        c["ticket"] = f"{r.choice(('OPS', 'INC', 'SRE'))}-{r.randint(100, 9999)}"
        if ko:
            targets = [("요약", "대응", "해결", "조치 내용"), ("교훈", "잘된 점", "아쉬운 점")]
            new = fill(r.choice(K_UPDATES), c)
        else:
            targets = [("Summary", "Overview", "Resolution", "What Happened", "Root Causes", "Root cause"),
                       ("What went wrong", "Lessons Learned", "Lessons learned")]
            new = fill(r.choice(UPDATES), c)
        b = section_bounds(lines, targets[0])
        width = max((len(l) for l in lines[b[0]:b[1]]), default=0) if b else 0
        width = width if 60 <= width <= 80 else (0 if width > 80 else 78)
        if b is None:
            lines.append("")
            lines += wrap(new, width)
        else:
            lines[b[1]:b[1]] = [""] + wrap(new, width)
        doc.text = "\n".join(lines)
        if ko and r.random() < 0.5:
            return self.subject(doc, ["{slug} 내용 보완", "회고 의견 반영: {slug}"]), ""
        return self.subject(doc, ["Update {slug} after review", "Add follow-up note to {slug}",
                                  "Clarify resolution in {slug}", "Address review comments on {title}",
                                  "Expand root cause analysis for {slug}"]), \
            r.choice(("", "", f"Per the incident review on {ymd(ts)}.", "Comments from the reliability review."))

    def op_number(self, doc, ts):
        r = self.rng
        m = list(re.finditer(r"\b\d{1,3}(?:,\d{3})+\b", doc.text))
        x = r.choice(m)
        val = int(x.group(0).replace(",", ""))
        new = f"{max(1000, int(val * r.uniform(0.6, 1.4))):,}"
        doc.text = doc.text[:x.start()] + new + doc.text[x.end():]
        return self.subject(doc, ["Correct impact numbers in {slug}", "{slug}: fix numbers in Impact",
                                  "Update impact estimate for {title}"]), ""


# --------------------------------------------------------------------------
# Fixed files
# --------------------------------------------------------------------------

HINDSIGHT_TOML = f"""# Hindsight configuration for the {COMPANY} incident archive.
title = "{COMPANY} postmortems"
content = "postmortems"
exclude = ["README.md"]
"""

ROOT_README = f"""# {COMPANY} incident archive

Postmortems for every customer-facing incident since 2019 live in
`postmortems/`, one Markdown file per incident. The site is built with
Hindsight (`hindsight build`).
"""

PM_README = f"""# {COMPANY} postmortems

One Markdown file per incident, named `YYYY-MM-DD-short-slug.md` after the
day the incident started. Teams use different templates (Google SRE,
PagerDuty, our short team template, setext headings, Korean); leave old
postmortems as they are.

1. Fill in the front matter you know; leave out what you don't.
2. Write the timeline in UTC, or say which time zone you used.
3. Give every action item an owner and a due date.
4. Keep it blameless.
5. Run `hindsight check`, then open a pull request.
"""


def mailmap_text() -> str:
    lines = ["# Canonical identities for people who committed under more than one name.\n"]
    for i in sorted(ALIASES):
        name, _handle, local, _tz, ko = ENGINEERS[i]
        email = f"{local}@{DOMAIN}"
        alias_name, alias_email = ALIASES[i]
        lines.append(f"{name} <{email}> {alias_name} <{alias_email}>\n")
    return "".join(lines)


# --------------------------------------------------------------------------
# fast-import stream
# --------------------------------------------------------------------------

def tzstr(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    m = abs(minutes)
    return f"{sign}{m // 60:02d}{m % 60:02d}"


class Stream:
    def __init__(self, out, rng: random.Random):
        self.out = out
        self.rng = rng
        self.commits = 0
        self.last_ts = 0

    def ident(self, eng: int) -> str:
        name, _h, local, tz, _ko = ENGINEERS[eng]
        if eng in ALIASES and self.rng.random() < 0.35:
            name, email = ALIASES[eng]
        else:
            email = f"{local}@{DOMAIN}"
        return f"{name} <{email}>"

    def commit(self, eng: int, ts: int, subject: str, body: str, files: list[tuple[str, str]]) -> None:
        ts = max(ts, self.last_ts + 1)
        self.last_ts = ts
        who = self.ident(eng)
        when = f"{ts} {tzstr(ENGINEERS[eng][3])}"
        msg = (subject + ("\n\n" + body if body else "") + "\n").encode()
        parts = [f"commit refs/heads/main\nauthor {who} {when}\ncommitter {who} {when}\n".encode(),
                 b"data %d\n" % len(msg), msg]
        for path, content in files:
            data = content.encode()
            parts.append(b"M 100644 inline %s\ndata %d\n" % (path.encode(), len(data)))
            parts.append(data)
            parts.append(b"\n")
        self.out.write(b"".join(parts))
        self.commits += 1


def local_work_time(rng: random.Random, ts: int, eng: int) -> int:
    """Move ts to a plausible working hour in the engineer's time zone, same local day."""
    tz = ENGINEERS[eng][3] * 60
    local = ts + tz
    day0 = local - local % DAY
    return day0 + rng.randint(9 * 3600, 19 * 3600) - tz


def generate(n: int, seed: int, layout: str, out) -> tuple[dict[str, str], int, int]:
    rng = random.Random(f"{seed}/plan")
    vocab = Vocab(seed)
    docs = plan_docs(n, rng)
    erng = random.Random(f"{seed}/edits")
    editor = Editor(erng, vocab)
    stream = Stream(out, random.Random(f"{seed}/ident"))

    # Events: (ts, order, kind, doc index, edit number)
    events: list[tuple[int, int, str, int]] = []
    for d in docs:
        events.append((d.add_ts, 0, d.idx, -1))
        for j, t in enumerate(d.edits):
            events.append((t, 1, d.idx, j))
    # Repository housekeeping commits.
    events.append((int(datetime(2020, 6, 9, 14, 12, tzinfo=UTC).timestamp()), 2, -1, 1))  # .mailmap
    events.append((int(datetime(2022, 3, 1, 10, 40, tzinfo=UTC).timestamp()), 2, -1, 2))  # README update
    events.sort()

    stream.commit(5, T_BEGIN + 9 * 3600, "Initial commit: postmortem archive", "",
                  [("hindsight.toml", HINDSIGHT_TOML), ("README.md", ROOT_README),
                   ("postmortems/README.md", PM_README)])

    families: dict[str, str] = {}
    used: dict[str, None] = {}
    files = 0
    for ts, _order, i, j in events:
        if i < 0:
            if j == 1:
                stream.commit(4, ts, "Add .mailmap for duplicate identities", "", [(".mailmap", mailmap_text())])
            else:
                stream.commit(1, ts, "README: mention the Korean template", "",
                              [("postmortems/README.md", PM_README + "\nKorean postmortems use 요약 / 영향 / 타임라인 / 근본 원인 / 재발 방지 / 교훈.\n")])
            continue
        d = docs[i]
        if j < 0:
            w = Writer(d, vocab, seed)
            title = w.title()
            d.title = title
            base = slugify(title if d.fmt != "korean" else f"{w.ctx['svc']} {w.fam['key']}")
            day = ymd(d.start)
            folder = "postmortems/" + (day[:4] + "/" if layout == "year" else "")
            path = f"{folder}{day}-{base}.md"
            k = 2
            while path in used:
                path = f"{folder}{day}-{base}-{k}.md"
                k += 1
            used[path] = None
            d.path = path
            d.slug = path.rsplit("/", 1)[1][:-3]
            d.text = w.build()
            families[path] = FAMILIES[d.fam]["key"]
            if d.fmt == "korean":
                subject = erng.choice((f"포스트모템 추가: {title}", f"Add postmortem: {title}"))
            else:
                subject = erng.choice((f"Add postmortem: {title}", f"Add postmortem: {title}",
                                       f"Add postmortem: {title}", f"Add {day} {d.sev} postmortem ({d.slug[11:]})",
                                       f"postmortem: {d.slug}"))
            body = erng.choice(("", "", f"Incident review scheduled for {ymd(d.start + 3 * DAY)}.",
                                f"Draft written during the incident; timeline from #inc-{day}."))
            stream.commit(d.author, d.add_ts, subject, body, [(d.path, d.text)])
            files += 1
            if d.remaining == 0:
                d.text = None
            continue
        # A later edit.
        who_r = erng.random()
        if who_r < 0.5:
            eng = d.author
        else:
            eng = erng.choice(KOREAN_ENGINEERS if d.fmt == "korean" else range(len(ENGINEERS)))
        t = local_work_time(erng, ts, eng)
        if t <= d.add_ts:
            t = ts
        subject, body = editor.edit(d, t)
        stream.commit(eng, min(t, T_END), subject, body, [(d.path, d.text)])
        d.remaining -= 1
        if d.remaining == 0:
            d.text = None
    out.write(b"done\n")
    return families, files, stream.commits


# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

def run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, **kw)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Generate a deterministic git repository of synthetic postmortems "
                    "(via one git fast-import stream) for benchmarking Hindsight.",
        epilog="The ground truth {path: family} is written to <out>.families.json, outside the repository.")
    ap.add_argument("--n", type=int, default=1000, help="number of postmortems (default: 1000)")
    ap.add_argument("--out", required=True, help="repository directory to create (must not exist unless --force)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    ap.add_argument("--bare", action="store_true", help="create a bare repository (no working tree)")
    ap.add_argument("--layout", choices=("year", "flat"), default="year",
                    help="postmortems/YYYY/YYYY-MM-DD-slug.md (year, default) or postmortems/YYYY-MM-DD-slug.md (flat; "
                         "much slower to import for large N because every commit rewrites one huge tree)")
    ap.add_argument("--force", action="store_true", help="delete --out first if it is an existing git repository")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("--n must be at least 1")

    out = os.path.abspath(args.out.rstrip("/"))
    if os.path.exists(out):
        is_repo = os.path.exists(os.path.join(out, ".git")) or os.path.exists(os.path.join(out, "HEAD"))
        if args.force and is_repo:
            shutil.rmtree(out)
        elif os.listdir(out):
            ap.error(f"{out} exists and is not empty (use --force to replace an existing repository)")
    t0 = time.monotonic()
    init = ["git", "init", "-q", "-b", "main"] + (["--bare"] if args.bare else []) + [out]
    run(init)
    git_dir = out if args.bare else os.path.join(out, ".git")
    env = dict(os.environ)
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(k, None)
    proc = subprocess.Popen(["git", "--git-dir", git_dir, "fast-import", "--quiet", "--done",
                             "--date-format=raw"],
                            stdin=subprocess.PIPE, env=env, bufsize=1 << 20)
    try:
        families, files, commits = generate(args.n, args.seed, args.layout, proc.stdin)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    rc = proc.wait()
    if rc != 0:
        print(f"git fast-import failed with exit code {rc}", file=sys.stderr)
        return 2
    if not args.bare:
        run(["git", "-C", out, "reset", "-q", "--hard", "main"], env=env)
    fam_path = out + ".families.json"
    with open(fam_path, "w", encoding="utf-8") as f:
        json.dump(dict(sorted(families.items())), f, ensure_ascii=False, indent=0, sort_keys=True)
        f.write("\n")
    dt = time.monotonic() - t0
    print(f"files: {files}  commits: {commits}  seconds: {dt:.1f}")
    print(f"repository: {out}{' (bare)' if args.bare else ''}")
    print(f"ground truth: {fam_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
