#!/usr/bin/env python3
"""Generate a synthetic postmortem repository for benchmarking Hindsight.

The generator writes one stream into ``git fast-import`` (never one
``git commit`` per file), so tens of thousands of commits take seconds.

What the repository looks like
------------------------------
* ``hindsight.toml`` (``content = "postmortems"``, ``exclude = ["README.md"]``),
  a root ``README.md``, ``postmortems/README.md`` and a ``.mailmap``.
* N postmortems under ``postmortems/``, named ``YYYY-MM-DD-slug.md`` (same
  date and slug get ``-2``, ``-3`` …).  ``--layout year`` puts them in one
  folder per year (``postmortems/2024/2024-03-12-slug.md``), ``month`` in
  ``postmortems/2024/03/``, ``flat`` directly in ``postmortems/``; the default
  ``auto`` is ``year`` up to N=20,000 and ``month`` above (git trees stay
  small, so fast-import stays fast).
* Five formats: four English ones in roughly equal shares (about 21 % each:
  Google SRE with YAML front matter, a short team template with a timeline
  table, task-list action items and Stats, PagerDuty style, setext headings)
  and about 15 % written entirely in Korean (English front-matter keys).
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
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from causes_ml import HEADINGS, J_POOLS, ML_FAMILY_TEXT  # noqa: E402

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
r: The certificate for `{domain}` was issued by {dep} with a {n}-day lifetime and is renewed by the `{job}` job. That job had been failing for {n2} days because its container image no longer contained `openssl`, and it exited 0 on failure, so nobody noticed.
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
f: Expiry warning emails from {dep} went to a shared mailbox that nobody reads.
x: {oncall} issued a new certificate from {dep} following the manual runbook, updated the `{bucket}` secret and restarted the {svc} deployment. Handshakes succeeded again from {tmit}.
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
w: Every connection in {dep} pool was held by slow queries from {svc2}, so {svc} could not get a connection and its requests failed with `timeout acquiring connection`.
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

@bad-config-push | configuration change | config, deploy, change-management | config-service, Consul, the config repo, the Helm values | 6
t: Bad config push breaks {svc} in {region}
t: {svc} outage after configuration change to `{cfg}`
t: Invalid `{cfg}` value rolled out to all {svc} instances
w: A configuration change to `{cfg}` was pushed to every {svc} instance at once; the new value was invalid and the service stopped accepting requests.
w: A config push meant for staging reached production through {dep}, and {svc} started routing traffic to a host that does not exist.
r: Configuration for {svc} is distributed by {dep} and applied without a restart. The change in PR #{pr} set `{cfg}` to `{ident}`, a value the parser accepted but the service treated as zero, so every request was rejected.
r: Config changes skip the staged rollout that code deploys go through. The bad value reached all {n} instances in {region} within {n2} seconds, so there was no canary signal before full impact.
r: The staging and production overlays share a base file. A refactor in PR #{pr} moved `{cfg}` into the base, so the staging value silently became the production value as well.
g: PR #{pr} ("{code}: tune `{cfg}`") was merged and pushed by {dep} at {tstart} UTC.
g: The scheduled config sync at {tstart} UTC applied a change that had been merged the evening before.
f: Config changes are not validated against a schema before they are pushed.
f: Config is applied to all instances at once; there is no canary for configuration.
f: The reviewer of PR #{pr} could not see the rendered production value in the diff.
f: Rollback of a config change requires a revert PR and a full pipeline run ({mins} minutes).
f: The `{cfg}` key has no documentation of its valid range.
x: We reverted PR #{pr} and forced a config sync; {svc} recovered at {tmit} as instances picked up the old value.
x: {oncall} edited the value directly in {dep} as a break-glass change, then followed up with a revert PR.
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

@dns-misconfiguration | DNS | dns, networking, resolver | CoreDNS, Route 53, the internal resolvers, the DNS provider | 4
t: {svc} unreachable after DNS change for {domain}
t: Internal DNS SERVFAIL breaks service discovery for {svc}
t: Wrong DNS record sends {svc} traffic to a decommissioned host
w: A DNS change for `{domain}` pointed the record at an address that no longer served traffic, and clients of {svc} failed to connect until caches expired.
w: The internal resolvers started answering SERVFAIL for `*.svc.cluster.local` lookups, so {svc} could not find {svc2} and every call failed at name resolution.
w: A record for `{domain}` was deleted during a zone cleanup and {svc} returned NXDOMAIN errors to its clients.
r: The zone file for `{domain}` is generated from the {code} inventory. A host renamed in the inventory produced a CNAME pointing to `{host2}`, which had been decommissioned, and the record had a TTL of {n} hours, so the bad answer stayed in resolver caches long after we fixed it.
r: {dep} on the cluster was running with the default cache size and {n} replicas. After the node pool upgrade most replicas landed on the same node, which ran out of conntrack entries, and UDP queries were dropped.
r: The DNS provider migration left two delegations for the zone. Resolvers that reached the old nameservers got stale answers for `{domain}`, so roughly half of the clients of {svc} connected to the old load balancer.
r: A wildcard record added for the {code} preview environments also matched `{domain}`, shadowing the real record for clients in {region}.
g: The DNS change in PR #{pr} was applied by the zone sync job at {tstart} UTC.
g: At {tstart} UTC a node drain moved the remaining {dep} pods onto one node.
f: DNS changes are applied without a dry run that resolves the affected names.
f: The record TTL was {n} hours, so a rollback took hours to reach all clients.
f: No synthetic check resolves `{domain}` from outside the network.
f: The ndots setting in pod resolv.conf multiplied every lookup by five.
f: {dep} had no pod anti-affinity, so its replicas could end up on a single node.
f: Nobody on call had write access to the DNS provider console.
x: We restored the previous record through the provider console and lowered the TTL to 60 seconds; most clients recovered by {tmit}, the rest when their caches expired.
x: {oncall} scaled {dep} to {n} replicas spread across nodes and restarted the pods; resolution errors stopped at {tmit}.
a: Add a pre-apply check that resolves every changed name and compares answers
a: Lower TTLs on records that front customer traffic to 300 seconds
a: Spread {dep} replicas across nodes with anti-affinity
a: Add an external synthetic DNS check for `{domain}`
a: Give the on-call role write access to the DNS provider
e0: Zone sync applies DNS change from PR #{pr}
e0: `dial tcp: lookup {domain}: no such host` errors start in {svc} logs
ei: `dig {domain}` from a laptop returns the old address; from the cluster it returns NXDOMAIN
ei: {dep} pods show dropped UDP packets and conntrack table full
em: Previous DNS record restored and TTL lowered
em: {dep} scaled out and spread across nodes
l: DNS changes feel small and are rarely reviewed like code, but they change where all traffic goes.
kt: DNS 설정 오류로 {svc} 접속 불가
kt: 내부 DNS SERVFAIL로 {svc} 서비스 디스커버리 실패
kw: `{domain}` DNS 레코드 변경 후 클라이언트가 더 이상 트래픽을 받지 않는 주소로 접속해 {svc} 연결이 실패했다.
kr: 레코드 TTL이 {n}시간이라 수정 후에도 리졸버 캐시에 잘못된 응답이 남아 있었다.
kr: {dep} 레플리카가 한 노드에 몰려 conntrack 테이블이 가득 찼고 UDP 쿼리가 유실되었다.
kg: {tstart}(UTC)에 PR #{pr}의 DNS 변경이 적용되었다.
kf: DNS 변경 전에 실제 조회 결과를 검증하지 않았다.
kf: 외부에서 `{domain}`을 조회하는 합성 모니터링이 없었다.
kx: 이전 레코드로 되돌리고 TTL을 60초로 낮췄다. 대부분의 클라이언트는 {tmit}까지 복구됐다.
ka: DNS 변경 시 조회 결과 사전 검증 추가
ka: 고객 트래픽용 레코드 TTL 단축
ke0: DNS 변경 적용, {svc} 로그에 `no such host` 오류 발생
kei: `dig`로 잘못된 응답 확인
kem: 이전 DNS 레코드 복원
kl: DNS 변경도 코드 리뷰 수준으로 검토해야 한다.

@disk-full | disk full | disk, storage, capacity, logging | the data volume, the root filesystem, the WAL volume, the broker disks | 5
t: Disk full on {host} stops {svc} writes
t: {svc} outage: {dep} ran out of space
t: Kafka brokers out of disk, producers for {svc} blocked
w: The disk behind {svc} filled up to 100% and the service stopped accepting writes.
w: {dep} on `{host}` ran out of space; the database switched to read-only and {svc} failed every write.
w: Broker disks filled up after retention was raised, and producers in {svc} blocked until their buffers overflowed.
r: The retention of topic `{topic}` was raised from {n} to {n2} days for the {code} replay project without recalculating disk usage. The brokers reached 100% of {dep} {n} days later.
r: Old WAL segments were kept because a replication slot for a decommissioned replica was still active. `pg_wal` grew by about {n} GB a day until {dep} was full.
r: Debug logging was left on in {svc} after an investigation and wrote {n} GB an hour to {dep}; log rotation only ran daily.
r: Temporary files from the `{job}` job were written to {dep} and never cleaned up after a crash, so usage grew until the disk was full.
g: Free space on {dep} of `{host}` reached zero at {tstart} UTC.
g: At {tstart} UTC the nightly compaction needed {n} GB of scratch space that was no longer available.
f: The disk usage alert fired at 95%, which left less than an hour of headroom at the growth rate on the day.
f: Disk growth is not forecast; we only alert on the current value.
f: A replication slot without a consumer is not visible on any dashboard.
f: Log rotation is daily and size limits are not set.
f: Volumes can be expanded online, but the runbook still describes the old offline procedure.
x: {oncall} expanded the volume by {n} GB and restarted the stuck writer; writes resumed at {tmit}.
x: We dropped the stale replication slot, let the WAL be recycled and brought {svc} back to read-write at {tmit}.
x: Retention of `{topic}` was reduced back and the oldest segments deleted; producers recovered at {tmit}.
a: Alert on predicted time-to-full below 24 hours, not on percentage
a: Alert on inactive replication slots older than one hour
a: Set size-based log rotation for {svc}
a: Review retention changes with a capacity calculation in the PR template
a: Update the volume expansion runbook for online resize
e0: `No space left on device` in {svc} logs
e0: {dep} on `{host}` at 100%
ei: `df -h` on `{host}` shows {dep} full; `du` points at `{ident}`
ei: {oncall} finds an inactive replication slot holding {n} GB of WAL
em: Volume expanded by {n} GB online; writer restarted
em: Stale data removed; free space back to {pct}%
l: A percentage threshold on a fast-growing disk is an alert that fires too late.
kt: {host} 디스크 풀로 {svc} 쓰기 중단
kt: {dep} 용량 부족으로 {svc} 장애
kw: {svc}가 사용하는 디스크가 100%에 도달해 모든 쓰기 요청이 실패했다.
kr: `{topic}` 토픽 보존 기간을 {n2}일로 늘리면서 디스크 사용량을 다시 계산하지 않았다.
kr: 디버그 로그가 켜진 채로 남아 시간당 {n}GB씩 로그가 쌓였다.
kg: {tstart}(UTC)에 `{host}`의 여유 공간이 0이 되었다.
kf: 디스크 알림이 95%에서야 발생해 대응 시간이 부족했다.
kf: 로그 로테이션에 크기 제한이 없었다.
kx: 볼륨을 {n}GB 확장하고 쓰기 프로세스를 재시작해 {tmit}에 복구됐다.
ka: 디스크 소진 예상 시간 기반 알림 추가
ka: {svc} 로그 로테이션에 크기 제한 설정
ke0: {svc} 로그에 `No space left on device` 발생
kei: `df -h`로 디스크 100% 확인
kem: 볼륨 확장 후 재시작
kl: 사용률이 아니라 소진 예상 시간으로 알림을 걸어야 한다.

@memory-leak-oom | memory leak | memory, oom, jvm, crashloop | the JVM heap, the Go runtime, the Node.js heap, the container memory limit | 5
t: {svc} pods OOM-killed in a loop after {ver} release
t: Memory leak in {svc} causes rolling restarts and 502s
t: {svc} crashloop: out of memory
w: {svc} {ver} leaked memory on every request; pods hit their memory limit within {n} minutes, were OOM-killed, and the service answered 502 while they restarted.
w: A slow memory leak in {svc} made every pod restart every few hours; during the peak all pods restarted at once and capacity dropped below demand.
r: {ver} added an in-process cache for `{ident}` lookups without a size bound. Every unique key stayed in memory, and {dep} grew until the container limit of {n} GiB was reached.
r: A listener registered on every request in the {code} client was never removed. Heap dumps show {big} retained listener objects after an hour of traffic.
r: The upgrade of the HTTP client library in {ver} changed connection pooling; response bodies that were not fully read kept their buffers alive.
r: The memory limit of {svc} was lowered in the cost review while the JVM `-Xmx` stayed the same, so the kernel OOM killer fired before garbage collection could help.
g: {svc} {ver} reached 100% of pods at {tstart} UTC.
g: Traffic peaked at {tstart} UTC and the leak pushed all pods over the limit at nearly the same time.
f: Load tests run for {mins} minutes, too short to show a slow leak.
f: No alert on pod restarts or on OOM kills.
f: The memory limit and the heap size are configured in two different repositories.
f: The canary ran for only {n} minutes before promotion.
f: Heap dumps are not captured automatically on OOM.
x: We rolled {svc} back to {oldver}; memory stayed flat and errors stopped at {tmit}.
x: As a stopgap {oncall} raised the memory limit and scheduled rolling restarts every {n} hours until the fix in {ticket} shipped.
a: Bound the `{ident}` cache in {svc} by size and age
a: Alert on OOM kills and restart rate per deployment
a: Capture a heap dump automatically on OOM
a: Extend the canary for {svc} to one hour with a memory comparison
a: Run a soak test of {n} hours before major releases
e0: Deploy of {svc} {ver} completes
e0: First OOMKilled events for {svc} pods
ei: Memory graph of {svc} shows a sawtooth climbing to the limit every {n} minutes
ei: Heap dump shows {big} retained `{ident}` objects
em: {svc} rolled back to {oldver}
em: Memory limit raised and pods restarted in batches
l: Memory problems are slow; our release checks are fast.
kt: {svc} 메모리 누수로 인한 OOM 재시작 반복
kt: {ver} 배포 후 {svc} 파드 OOMKilled
kw: {svc} {ver}가 요청마다 메모리를 누수해 파드가 {n}분 안에 메모리 한도에 도달했고, OOM으로 종료되는 동안 502 오류가 발생했다.
kr: {ver}에 추가된 캐시에 크기 제한이 없어 모든 키가 메모리에 남았다.
kr: 요청마다 등록된 리스너가 해제되지 않아 힙이 계속 증가했다.
kg: {tstart}(UTC)에 {svc} {ver} 배포가 완료되었다.
kf: 부하 테스트 시간이 짧아 느린 누수를 발견하지 못했다.
kf: OOM 종료에 대한 알림이 없었다.
kx: {svc}를 {oldver}로 롤백해 {tmit}에 복구됐다.
ka: 캐시 크기 제한 추가
ka: OOM 발생 시 힙 덤프 자동 수집
ke0: {svc} 파드 OOMKilled 발생
kei: 메모리 그래프에서 톱니 모양 증가 패턴 확인
kem: {svc} {oldver}로 롤백
kl: 메모리 문제는 천천히 나타나는데 배포 검증은 너무 짧다.

@third-party-outage | third-party dependency | vendor, third-party, external-dependency | payment processor, SMS provider, email delivery provider, maps API, identity verification vendor | 5
t: {vendor} outage degrades {svc}
t: {svc} errors during {vendor} incident
t: Upstream {dep} outage: {svc} had no fallback
w: {vendor}, our {dep}, had an outage and {svc} failed every request that depended on it.
w: Calls from {svc} to {vendor} timed out for {dur}; because the client waited {n} seconds per call, threads were exhausted and unrelated endpoints failed too.
r: {svc} calls {vendor} synchronously on the request path with a {n}-second timeout and no circuit breaker. When the vendor slowed down, all worker threads waited on it.
r: We depend on a single {dep}. The failover to the secondary provider exists in code behind `{flag}` but had never been switched on in production and its credentials had expired.
r: {vendor} changed their API error format during their incident; our client treated the new `503` body as a permanent failure and marked {big} jobs as failed instead of retrying.
g: {vendor} began their incident at {tstart} UTC (their status page was updated {mins} minutes later).
g: At {tstart} UTC latency from {vendor} rose from {ms} ms to over {n} seconds.
f: No circuit breaker or bulkhead around calls to {vendor}.
f: The secondary provider was configured but never exercised.
f: The client timeout was longer than the upstream request timeout.
f: We learned about the vendor incident from our customers before their status page.
f: The vendor contract has no SLA notification clause.
x: {oncall} switched traffic to the secondary provider with `{flag}` after rotating its credentials; success rate recovered at {tmit}.
x: We lowered the client timeout to {n} seconds and shed the {vendor}-dependent endpoint until the vendor recovered at {tres}.
x: The vendor resolved their incident at {tmit}; we re-queued the {big} failed jobs afterwards.
a: Add a circuit breaker and a bulkhead around {vendor} calls in {svc}
a: Exercise failover to the secondary {dep} monthly
a: Subscribe the incident channel to the {vendor} status page
a: Treat `503` from {vendor} as retryable in the client
a: Move {vendor} calls off the synchronous request path
e0: Latency from {vendor} rises above {n} s
e0: {svc} thread pool saturated waiting on {vendor}
ei: {vendor} status page still green; their support confirms an incident
ei: Traces show {pct}% of request time in calls to {vendor}
em: Traffic switched to the secondary provider
em: {vendor} reports recovery; failed jobs re-queued
l: A dependency we do not control needs a failure mode we do control.
kt: {vendor} 장애로 {svc} 기능 저하
kt: 외부 {dep} 장애 — {svc} 대체 경로 부재
kw: 외부 업체 {vendor}에 장애가 발생해 이에 의존하는 {svc} 요청이 모두 실패했다.
kr: {svc}가 요청 처리 중 {vendor}를 동기 호출하며 서킷 브레이커 없이 {n}초 타임아웃을 사용했다.
kr: 보조 업체로의 전환 기능은 있었지만 운영에서 한 번도 사용한 적이 없었다.
kg: {tstart}(UTC)에 {vendor} 응답 지연이 시작되었다.
kf: 외부 호출에 서킷 브레이커가 없었다.
kf: 업체 상태 페이지보다 고객 문의가 먼저 들어왔다.
kx: `{flag}`로 보조 업체로 전환해 {tmit}에 복구됐다.
ka: {vendor} 호출에 서킷 브레이커 적용
ka: 보조 업체 전환 훈련 월 1회 진행
ke0: {vendor} 응답 지연 시작
kei: 업체 지원팀이 장애를 확인해 줌
kem: 보조 업체로 트래픽 전환
kl: 통제할 수 없는 의존성일수록 실패 방식은 우리가 통제해야 한다.

@rate-limiter-misconfig | rate limiting | rate-limit, api-gateway, throttling | api-gateway, Envoy, the Redis-backed limiter, the edge WAF | 4
t: Rate limiter misconfiguration rejects legitimate {svc} traffic
t: {svc} customers get HTTP 429 after limiter change
t: Global rate limit on {dep} set {n}x too low
w: A change to the rate limits on {dep} set the per-tenant limit for {svc} far too low, and legitimate clients got HTTP 429 responses.
w: The rate limiter counted requests per IP instead of per API key after a config refactor, so customers behind a shared NAT were throttled.
r: The limit in PR #{pr} was written as `{limit}` requests per second but the limiter reads the value per minute, so the effective limit was {n} times lower than intended.
r: The limiter key was changed from `api_key` to `remote_addr` in the {code} refactor. Large customers such as {cust} send all traffic from a handful of egress IPs and hit the limit immediately.
r: The Redis instance backing the limiter was failed over and came back empty; the limiter is configured to fail closed, so every request was rejected until counters were rebuilt.
g: The new limits were deployed to {dep} at {tstart} UTC.
g: At {tstart} UTC the limiter's Redis primary failed over.
f: Limit values have no unit in the config.
f: The limiter fails closed when its backing store is unavailable.
f: No dashboard shows 429 responses per customer.
f: Limits were tested in staging with synthetic traffic from one IP.
f: Customers were not told about new limits in advance.
x: We reverted PR #{pr}; 429 responses stopped at {tmit}.
x: {oncall} switched the limiter to fail open with `{flag}` and rebuilt the counters; traffic recovered at {tmit}.
a: Add explicit units to all limit values and validate them in CI
a: Make the limiter fail open with a local fallback
a: Alert on the 429 rate per tenant
a: Announce limit changes to customers two weeks ahead
a: Shadow-mode new limits for a week before enforcing them
e0: New rate limit config deployed to {dep}
e0: 429 responses from {svc} jump to {pct}% of traffic
ei: {cust} reports all API calls rejected with `rate limit exceeded`
ei: Limiter metrics show key `remote_addr` instead of `api_key`
em: Limit change reverted
em: Limiter switched to fail open
l: A limiter protects us only if it never becomes the outage itself.
kt: 레이트 리미터 설정 오류로 {svc} 정상 요청 거부
kt: {svc} 고객사에 HTTP 429 응답 — 리미터 변경
kw: {dep}의 요청 제한 값이 잘못 설정되어 정상 고객 요청이 HTTP 429로 거부되었다.
kr: 설정 값은 초당으로 작성했지만 리미터는 분당으로 해석해 실제 한도가 {n}배 낮았다.
kr: 리미터 키가 API 키에서 IP로 바뀌어 공용 NAT 뒤의 고객사가 바로 한도에 걸렸다.
kg: {tstart}(UTC)에 새 요청 제한 설정이 배포되었다.
kf: 설정 값에 단위가 명시되어 있지 않았다.
kf: 저장소 장애 시 리미터가 모든 요청을 거부하도록 되어 있었다.
kx: PR #{pr}를 되돌려 {tmit}에 429 응답이 사라졌다.
ka: 제한 값에 단위를 명시하고 CI에서 검증
ka: 고객사별 429 비율 알림 추가
ke0: {svc} 429 응답 비율 {pct}%로 증가
kei: 리미터 키가 IP 기준으로 바뀐 것을 확인
kem: 요청 제한 변경 되돌림
kl: 보호 장치가 장애의 원인이 되어서는 안 된다.

@cache-stampede | cache stampede | cache, redis, memcached, thundering-herd | Redis, Memcached, the CDN cache, the in-process cache | 4
t: Cache stampede on {dep} overloads {svc}
t: {svc} database overload after mass cache expiry
t: Cold cache after {dep} flush takes down {svc}
w: Thousands of hot keys in {dep} expired at the same moment, every request missed the cache, and the database behind {svc} was overwhelmed by identical queries.
w: A flush of {dep} during maintenance left {svc} with an empty cache at peak traffic; the origin could not handle the miss rate.
r: The cache entries for `{ident}` were all written by the nightly warm-up job with the same TTL of {n} minutes, so they expired together at {tstart} UTC.
r: {svc} has no request coalescing: on a miss every concurrent request recomputes the value. For popular keys that meant {big} identical queries within a second.
r: The maintenance runbook for {dep} uses `FLUSHALL` to clear a corrupted namespace, which empties every namespace, including the product cache of {svc}.
g: The warm-up batch keys expired at {tstart} UTC.
g: `FLUSHALL` was run on {dep} at {tstart} UTC as part of maintenance.
f: No jitter on cache TTLs.
f: No request coalescing or stale-while-revalidate in {svc}.
f: The database was sized for the steady-state hit ratio of {pct}%.
f: The runbook command affects all namespaces, not just the intended one.
f: Cache hit ratio has no alert.
x: We shed {pct}% of anonymous traffic at the gateway while the cache warmed up; the database recovered at {tmit}.
x: {oncall} enabled `{flag}`, which serves stale values while one worker refreshes; load dropped immediately and {svc} recovered at {tmit}.
a: Add random jitter of ±20% to all TTLs in {svc}
a: Implement request coalescing for cache misses
a: Replace `FLUSHALL` in the runbook with a namespaced delete
a: Alert on cache hit ratio below 80%
a: Load-test the database at 0% cache hit ratio
e0: Cache hit ratio on {dep} falls from {pct}% to under 10%
e0: Database CPU at 100%; identical queries fill `pg_stat_activity`
ei: Keys in {dep} show identical expiry timestamps
ei: `FLUSHALL` found in the maintenance shell history
em: Stale-while-revalidate enabled via `{flag}`
em: Anonymous traffic shed at the gateway while the cache warms
l: A cache that everyone relies on is part of the capacity plan, not an optimisation.
kt: {dep} 캐시 스탬피드로 {svc} 과부하
kt: 캐시 일괄 만료 후 {svc} DB 과부하
kw: {dep}의 인기 키가 동시에 만료되어 모든 요청이 캐시 미스가 났고, {svc} 뒤의 데이터베이스가 같은 쿼리로 과부하되었다.
kr: 워밍업 작업이 모든 키에 같은 TTL({n}분)을 설정해 한 번에 만료되었다.
kr: 캐시 미스 시 요청 병합이 없어 동시에 같은 값을 다시 계산했다.
kg: {tstart}(UTC)에 워밍업 키가 일괄 만료되었다.
kf: TTL에 지터가 없었다.
kf: 캐시 적중률 알림이 없었다.
kx: `{flag}`로 만료된 값을 임시 제공하도록 해 {tmit}에 복구됐다.
ka: 모든 TTL에 ±20% 지터 추가
ka: 캐시 미스 요청 병합 구현
ke0: 캐시 적중률 10% 미만으로 하락
kei: 키 만료 시각이 모두 같은 것을 확인
kem: stale-while-revalidate 활성화
kl: 캐시는 최적화가 아니라 용량 계획의 일부다.

@clock-skew | clock skew | ntp, time, clock-skew | chrony, NTP, the hypervisor clock, the time sync daemon | 3
t: Clock skew on {host} breaks token validation in {svc}
t: {svc} rejects valid sessions: server clocks {n} minutes off
t: NTP failure causes duplicate scheduling in {svc}
w: Clocks on part of the {svc} fleet drifted by several minutes, tokens were rejected as "not yet valid" and scheduled jobs ran twice.
w: A host with a clock {n} minutes fast issued tokens that other services rejected, so users were logged out repeatedly.
r: {dep} on the new base image was configured with a pool of NTP servers that our network blocks. Without synchronisation, the clocks drifted about {n} seconds a day until token validation, which allows {n2} seconds of leeway, failed.
r: A live migration of VMs in {region} resumed hosts with a stale clock; {dep} was configured to slew, not step, so it took hours to correct.
r: The job scheduler in {svc} uses wall-clock time for leader leases; two nodes with skewed clocks both believed they held the lease.
g: Clock offset on `{host}` crossed {n2} seconds at about {tstart} UTC.
g: The VM live migration in {region} finished at {tstart} UTC.
f: No alert on clock offset.
f: Token validation leeway was tighter than the drift we tolerate.
f: Leases use wall-clock time instead of a monotonic clock or fencing tokens.
f: The base image change was not tested against our firewall rules.
x: {oncall} stepped the clock with `chronyc makestep` on the affected hosts and restarted {svc}; errors stopped at {tmit}.
x: We removed the skewed hosts from the pool and replaced them; validation errors ended at {tmit}.
a: Alert when any host's clock offset exceeds 500 ms
a: Point {dep} at the internal NTP servers in the base image
a: Use fencing tokens for the scheduler lease in {svc}
a: Allow step corrections on boot and after migration
e0: First `token used before issued` errors in {svc}
ei: `chronyc tracking` on `{host}` shows offset of {n} minutes
ei: Scheduler log shows two leaders for the same lease
em: Clocks stepped on affected hosts; {svc} restarted
l: Distributed systems that trust wall clocks inherit every clock bug.
kt: {host} 시계 오차로 {svc} 토큰 검증 실패
kt: NTP 동기화 실패로 {svc} 작업 중복 실행
kw: {svc} 일부 서버의 시계가 수 분씩 어긋나 토큰이 "아직 유효하지 않음"으로 거부되고 예약 작업이 두 번 실행되었다.
kr: 새 기본 이미지의 NTP 서버 설정이 방화벽에 막혀 시계가 하루 {n}초씩 어긋났다.
kr: 스케줄러 리스가 벽시계 시간을 사용해 두 노드가 동시에 리더라고 판단했다.
kg: {tstart}(UTC)경 `{host}`의 시계 오차가 {n2}초를 넘었다.
kf: 시계 오차에 대한 알림이 없었다.
kf: 토큰 검증 허용 오차가 너무 작았다.
kx: `chronyc makestep`으로 시계를 맞추고 {svc}를 재시작해 {tmit}에 복구됐다.
ka: 시계 오차 500ms 초과 알림 추가
ka: 기본 이미지에 내부 NTP 서버 설정
ke0: {svc}에서 `token used before issued` 오류 발생
kei: `chronyc tracking`으로 시계 오차 확인
kem: 시계 보정 후 재시작
kl: 벽시계를 믿는 분산 시스템은 시계 버그를 그대로 물려받는다.

@schema-migration-lock | schema migration | database, migration, locking, postgres, mysql | postgres-main, orders-db, the MySQL primary, ledger-db | 5
t: Schema migration locks `{table}` and stalls {svc}
t: {svc} writes blocked by `ALTER TABLE` on {dep}
t: Migration {ver} takes an exclusive lock during peak traffic
w: A schema migration took an exclusive lock on `{table}` in {dep}; every query touching the table queued behind it and {svc} timed out.
w: An `ALTER TABLE` that rewrote `{table}` ran for {mins} minutes during business hours and blocked all writes from {svc}.
r: The migration added a column with a default value, which on our database version rewrites the whole table under an `ACCESS EXCLUSIVE` lock. `{table}` has {big} rows.
r: The migration itself was fast, but it waited for the lock behind a long-running analytics query; while waiting, it blocked every new query on `{table}`. There was no `lock_timeout`.
r: An index was created without `CONCURRENTLY` in migration {ver}. The review checklist mentions it, but the migration was generated by the ORM and nobody read the SQL.
g: The deploy of {svc} {ver} ran migrations at {tstart} UTC.
g: The migration job started at {tstart} UTC, during the morning peak in {region}.
f: Migrations run automatically as part of the deploy, at any time of day.
f: No `lock_timeout` or `statement_timeout` for migration sessions.
f: The migration linter does not check for table rewrites.
f: Staging data is {pct} times smaller, so the migration took seconds there.
f: Long-running analytics queries run on the primary.
x: {oncall} cancelled the migration with `pg_cancel_backend`; the lock was released and {svc} recovered at {tmit}. The migration was rewritten and ran that night.
x: We killed the blocking analytics query, the migration finished in {n} seconds, and traffic recovered at {tmit}.
a: Set `lock_timeout = 5s` for all migration sessions
a: Add a migration linter rule for table rewrites and non-concurrent indexes
a: Run large migrations outside peak hours with a manual gate
a: Move analytics queries on {dep} to a replica
a: Keep a production-sized copy of `{table}` in staging
e0: Migration {ver} starts on {dep}
e0: Queries on `{table}` pile up waiting for `AccessExclusiveLock`
ei: `pg_locks` shows the migration holding the lock on `{table}`
ei: Blocking analytics query found running for {mins} minutes
em: Migration cancelled; locks released
l: A migration is a production change with a blast radius, not a deploy detail.
kt: 스키마 마이그레이션 잠금으로 {svc} 쓰기 중단
kt: `{table}` 테이블 `ALTER TABLE` 잠금 — {svc} 타임아웃
kw: 스키마 마이그레이션이 {dep}의 `{table}` 테이블에 배타적 잠금을 걸어 관련 쿼리가 모두 대기했고 {svc}가 타임아웃되었다.
kr: 기본값이 있는 컬럼을 추가하면서 {big}행 테이블 전체를 다시 쓰게 되었다.
kr: 마이그레이션에 `lock_timeout`이 없어 잠금 대기 중 모든 쿼리를 막았다.
kg: {tstart}(UTC)에 {svc} {ver} 배포와 함께 마이그레이션이 실행되었다.
kf: 마이그레이션이 시간대와 관계없이 자동 실행되었다.
kf: 마이그레이션 린터가 테이블 재작성을 검사하지 않았다.
kx: `pg_cancel_backend`로 마이그레이션을 취소해 {tmit}에 복구됐다.
ka: 마이그레이션 세션에 `lock_timeout` 설정
ka: 테이블 재작성 검사 린터 규칙 추가
ke0: `{table}` 잠금 대기 쿼리 급증
kei: `pg_locks`로 잠금 보유 세션 확인
kem: 마이그레이션 취소, 잠금 해제
kl: 마이그레이션은 배포의 부속이 아니라 영향 범위가 있는 운영 변경이다.

@queue-backlog | queue backlog | kafka, queue, consumer-lag, backlog | Kafka, RabbitMQ, SQS, the job queue | 5
t: {svc} consumer lag reaches {big} messages
t: Delayed {svc} processing: queue backlog on `{queue}`
t: Poison message stalls `{topic}` consumers
w: Consumers of `{topic}` fell behind and the backlog grew to {big} messages; everything downstream of {svc} was delayed by up to {hours} hours.
w: A single malformed message on `{queue}` crashed the {svc} consumer every time it was read, and the queue stopped draining.
r: The consumer commits offsets only after processing a whole batch. One message from {svc2} with an invalid `{ident}` field threw an exception, the process restarted, read the same batch and failed again.
r: Every consumer crash triggered a rebalance of the whole group; with {n} members and eager rebalancing, the group spent most of its time rebalancing instead of consuming.
r: A bulk import by {cust} enqueued {big} jobs at normal priority. The workers process jobs in order, so interactive jobs waited behind the import.
g: The first malformed message was published to `{topic}` at {tstart} UTC.
g: The {cust} bulk import started at {tstart} UTC.
f: No dead-letter queue for `{queue}`.
f: The consumer lag alert threshold was set when traffic was a third of today's.
f: Eager rebalancing: one member restarting stopped the whole group.
f: Bulk and interactive work share one queue.
f: The producer does not validate messages against the schema registry.
x: {oncall} skipped the bad offset with `kafka-consumer-groups --reset-offsets`; the group stabilised and drained the backlog at {n} thousand messages per second by {tres}.
x: We moved the bulk jobs to a separate queue and added {n} temporary workers; the backlog was gone at {tmit}.
a: Add a dead-letter queue for `{queue}` and catch per-message errors
a: Switch consumers of `{topic}` to cooperative rebalancing
a: Alert on consumer lag in time, not in messages
a: Give bulk imports their own queue and workers
a: Validate messages against the schema registry in the producer
e0: Consumer lag on `{topic}` starts to grow
e0: {svc} consumer crashloops on partition {n}
ei: Logs show the same offset failing after every restart
ei: Consumer group rebalancing every {n} seconds
em: Bad offset skipped; consumer group stable
em: Bulk jobs moved to a separate queue
l: One bad message should cost one message, not the whole pipeline.
kt: `{topic}` 컨슈머 지연 {big}건 적체
kt: 잘못된 메시지로 {svc} 큐 처리 중단
kw: `{topic}` 컨슈머가 처리 속도를 따라가지 못해 적체가 {big}건까지 늘었고 {svc} 이후 단계가 최대 {hours}시간 지연되었다.
kr: 잘못된 `{ident}` 필드를 가진 메시지 하나가 컨슈머를 반복적으로 종료시켰다.
kr: 컨슈머가 재시작할 때마다 그룹 전체가 리밸런싱되어 처리가 거의 멈췄다.
kg: {tstart}(UTC)에 잘못된 메시지가 `{topic}`에 발행되었다.
kf: `{queue}`에 데드레터 큐가 없었다.
kf: 컨슈머 지연 알림 기준이 오래된 트래픽 기준이었다.
kx: 문제 오프셋을 건너뛰고 컨슈머 그룹을 안정화해 {tres}까지 적체를 해소했다.
ka: 데드레터 큐 추가 및 메시지 단위 예외 처리
ka: 협력적 리밸런싱으로 전환
ke0: `{topic}` 컨슈머 지연 증가 시작
kei: 재시작 후 같은 오프셋에서 반복 실패 확인
kem: 문제 오프셋 건너뜀
kl: 메시지 하나의 문제는 메시지 하나의 비용으로 끝나야 한다.

@feature-flag-error | feature flag | feature-flags, rollout, config | the feature flag service, LaunchDarkly, the flags repo, the experiment platform | 5
t: Feature flag `{flag}` enabled for all tenants breaks {svc}
t: {svc} errors after flag rollout went to 100% instead of 1%
t: Stale feature flag re-enables removed code path in {svc}
w: The feature flag `{flag}` was switched on for every tenant instead of the intended {pct}% cohort, exposing an unfinished code path in {svc}.
w: Removing an old flag from {dep} made {svc} fall back to the flag's default value, which turned a code path back on that had been dead for {n} months.
r: The rollout rule for `{flag}` targets a segment by tenant attribute. The attribute was renamed in the {code} project, the segment evaluated to "everyone", and the flag went to 100%.
r: {svc} evaluates flags with a hard-coded default of `true` for `{flag}`. When the flag was archived in {dep}, clients received no value and used the default.
r: The flag gated both the new UI and a backend migration of `{table}`. Turning it on for the demo tenant also turned it on for the batch job, which does not check tenants.
g: `{flag}` was changed in {dep} at {tstart} UTC.
g: The flag cleanup PR #{pr} was merged and deployed at {tstart} UTC.
f: Flag changes are not reviewed like code changes.
f: Defaults for flags are defined in code and differ between services.
f: One flag controlled two unrelated behaviours.
f: No audit log alert for flags switched to 100%.
f: Flag evaluation errors are logged at debug level.
x: {oncall} switched `{flag}` off in {dep}; errors stopped within {n} seconds at {tmit}.
x: We restored the archived flag with value `false` and redeployed {svc}; recovery at {tmit}.
a: Require a second approver for flag changes above 10% in production
a: Default every flag to the safe value and lint for it
a: Split `{flag}` into separate flags for UI and backend
a: Alert on flag changes for high-risk flags in #deploys
a: Add a flag cleanup checklist that checks code defaults
e0: `{flag}` rollout changed in {dep}
e0: Exceptions from the new code path appear in {svc}
ei: Audit log shows `{flag}` at 100% for all tenants
ei: {svc} logs `flag evaluation failed, using default` for `{flag}`
em: `{flag}` switched off
em: Archived flag restored with value false
l: A flag is a deploy without a pipeline; it needs the same guard rails.
kt: 기능 플래그 `{flag}` 전체 적용으로 {svc} 장애
kt: 플래그 롤아웃 오류 — {pct}% 대신 전체 고객에 적용
kw: 기능 플래그 `{flag}`가 일부 고객 대신 전체 고객에 켜져 {svc}의 미완성 코드 경로가 노출되었다.
kr: 플래그 대상 세그먼트의 속성 이름이 바뀌어 세그먼트가 "전체"로 평가되었다.
kr: 플래그를 삭제하자 코드에 정의된 기본값 `true`가 적용되었다.
kg: {tstart}(UTC)에 {dep}에서 `{flag}` 설정이 변경되었다.
kf: 플래그 변경이 코드 변경처럼 리뷰되지 않았다.
kf: 하나의 플래그가 서로 다른 두 기능을 제어했다.
kx: {oncall}님이 `{flag}`를 끄자 {tmit}에 오류가 멈췄다.
ka: 운영 플래그 10% 이상 변경 시 2인 승인
ka: 모든 플래그 기본값을 안전한 값으로 설정
ke0: `{flag}` 롤아웃 설정 변경
kei: 감사 로그에서 전체 적용 확인
kem: `{flag}` 끔
kl: 플래그 변경도 배포와 같은 안전장치가 필요하다.

@bad-deploy-rollback-failure | bad deploy | deploy, rollback, release, ci-cd | the deploy pipeline, Argo CD, Spinnaker, the Helm chart | 6
t: {svc} {ver} deploy causes errors; rollback fails
t: Failed rollback extends {svc} outage
t: Bad release of {svc} and a rollback that did not roll back
w: {svc} {ver} shipped a bug that broke {pct}% of requests, and the rollback to {oldver} failed because the previous image had been garbage-collected from the registry.
w: A deploy of {svc} went out with a broken build artefact; the automated rollback started but reverted only half of the pods, leaving mixed versions for {dur}.
r: {ver} changed the serialisation of `{ident}` in a way that {oldver} cannot read. Once {ver} had written new records, rolling back made things worse, not better.
r: The registry lifecycle policy deletes images older than {n} days. The last good image of {svc} was {n2} days old, so the rollback pods could not pull it and stayed in `ImagePullBackOff`.
r: The deploy pipeline marked {ver} healthy because the readiness probe checks only that the process listens on port {port}; the broken endpoint was never exercised before promotion.
r: Rollback in {dep} reverts the Deployment but not the ConfigMap shipped with the release, so the old code ran with the new config.
g: {svc} {ver} was promoted to 100% at {tstart} UTC.
g: The deploy of {svc} {ver} started at {tstart} UTC.
f: No automated canary analysis on error rate before promotion.
f: Rollback has never been tested for this service.
f: Backwards-incompatible data changes ship in the same release as the code that needs them.
f: The readiness probe does not exercise real dependencies.
f: Image retention is shorter than the time between releases of some services.
f: The deploy happened at {tstart} on a Friday.
x: We rebuilt the {oldver} image from its tag, pushed it and rolled back manually; errors stopped at {tmit}.
x: Because {oldver} could not read the new records, {oncall} rolled forward with a hotfix ({sha}) instead; recovery at {tmit}.
a: Add automated canary analysis to the {svc} pipeline
a: Keep the last {n} released images of every service regardless of age
a: Split data format changes into expand / migrate / contract releases
a: Test rollback in staging for every release of {svc}
a: Include ConfigMaps in the rollback unit
e0: Deploy of {svc} {ver} starts
e0: {svc} error rate rises to {pct}% as {ver} pods take traffic
ei: Rollback to {oldver} started; new pods stuck in `ImagePullBackOff`
ei: Mixed versions: {n} pods on {ver}, {n2} on {oldver}
em: Manual rollback with rebuilt {oldver} image complete
em: Hotfix {sha} deployed (roll forward)
l: A rollback we have never tested is a hope, not a plan.
kt: {svc} {ver} 배포 장애 및 롤백 실패
kt: 롤백 실패로 {svc} 장애 장기화
kw: {svc} {ver} 배포로 요청의 {pct}%가 실패했고, 이전 이미지가 레지스트리에서 삭제되어 {oldver}로의 롤백도 실패했다.
kr: {ver}가 `{ident}` 직렬화 형식을 바꿔 {oldver}에서 새 레코드를 읽을 수 없었다.
kr: 레지스트리 정책이 {n}일 지난 이미지를 삭제해 롤백 파드가 이미지를 받지 못했다.
kg: {tstart}(UTC)에 {svc} {ver}가 전체 배포되었다.
kf: 배포 전 카나리 분석이 없었다.
kf: 해당 서비스의 롤백을 한 번도 테스트하지 않았다.
kx: {oldver} 이미지를 다시 빌드해 수동으로 롤백했고 {tmit}에 복구됐다.
ka: {svc} 파이프라인에 카나리 분석 추가
ka: 서비스별 최근 배포 이미지 보존
ke0: {svc} {ver} 배포 시작
kei: 롤백 파드 `ImagePullBackOff` 확인
kem: 수동 롤백 완료
kl: 테스트하지 않은 롤백은 계획이 아니라 희망이다.

@lb-health-check | load balancer health check | load-balancer, health-check, networking | the ALB, HAProxy, the ingress controller, the NLB | 4
t: Failing health checks drain all {svc} targets
t: Load balancer marks healthy {svc} instances as down
t: {svc} outage: health check depended on {svc2}
w: The load balancer marked every {svc} instance unhealthy at the same time and stopped sending traffic, although the instances were able to serve.
w: The health check endpoint of {svc} called {svc2}; when {svc2} slowed down, all targets failed the check and {dep} returned 503 for {dur}.
r: `/healthz` in {svc} checks the database and {svc2}. A brief slowdown of {svc2} made every instance report unhealthy simultaneously, and {dep} has no minimum healthy target count.
r: The health check timeout on {dep} is {n} seconds while `/healthz` under load took {ms} ms plus GC pauses; at peak, the check timed out on most instances.
r: A change to the ingress path rules in PR #{pr} sent the health check to `/health` instead of `/healthz`; every check received 404.
g: {svc2} latency rose above {n} seconds at {tstart} UTC.
g: The ingress change from PR #{pr} was applied at {tstart} UTC.
f: Liveness and readiness checks include external dependencies.
f: {dep} fails closed when all targets are unhealthy.
f: Health check configuration lives outside the service repository.
f: Health check failures are not alerted on separately from 5xx.
x: We changed the health check to a shallow `/livez` endpoint through the console; targets became healthy and traffic returned at {tmit}.
x: {oncall} reverted PR #{pr}; checks passed again at {tmit}.
a: Make the load balancer health check shallow (process up, not dependencies)
a: Configure {dep} to fail open when all targets are unhealthy
a: Move health check config into the {svc} repository
a: Alert on the number of healthy targets per target group
e0: Healthy target count for {svc} drops to zero
e0: {dep} starts returning 503 for {svc}
ei: Instances of {svc} answer requests directly while the load balancer reports them unhealthy
ei: `/healthz` takes {n} s because it waits on {svc2}
em: Health check switched to shallow endpoint
em: Ingress change reverted
l: A health check that tests dependencies turns a partial problem into a total one.
kt: 헬스체크 실패로 {svc} 대상 전체 제외
kt: 로드밸런서가 정상 {svc} 인스턴스를 비정상으로 판단
kw: 로드밸런서가 모든 {svc} 인스턴스를 동시에 비정상으로 판단해 트래픽을 보내지 않았다.
kr: `/healthz`가 {svc2}까지 확인해 {svc2} 지연이 모든 인스턴스의 헬스체크 실패로 이어졌다.
kr: 인그레스 변경으로 헬스체크 경로가 바뀌어 모든 검사가 404를 받았다.
kg: {tstart}(UTC)에 {svc2} 지연이 시작되었다.
kf: 헬스체크에 외부 의존성이 포함되어 있었다.
kf: 정상 대상 수에 대한 알림이 없었다.
kx: 헬스체크를 얕은 엔드포인트로 바꿔 {tmit}에 트래픽이 돌아왔다.
ka: 헬스체크를 얕게 변경
ka: 정상 대상 수 알림 추가
ke0: {svc} 정상 대상 수 0
kei: 인스턴스는 직접 요청에 정상 응답함을 확인
kem: 헬스체크 엔드포인트 변경
kl: 의존성을 검사하는 헬스체크는 부분 장애를 전체 장애로 만든다.

@network-partition | network partition | network, partition, availability-zone, split-brain | the transit gateway, the VPN tunnel, the inter-AZ link, the service mesh | 4
t: Network partition between {region} zones splits {svc} cluster
t: {svc} split-brain after inter-zone connectivity loss
t: Packet loss on {dep} isolates {svc} from {svc2}
w: Connectivity between availability zones in {region} was lost for {mins} minutes; the {svc} cluster split, and both halves accepted writes.
w: Heavy packet loss on {dep} between {region} and {region2} made calls from {svc} to {svc2} time out.
r: The {svc} cluster used a quorum of two out of three nodes, but one node had been moved to the same zone during maintenance. The partition left a majority on each side of the {dep} in different sub-clusters after a failover script promoted a second leader.
r: A maintenance on {dep} by the cloud provider was announced for {region}; our change calendar did not include provider notices, and nobody prepared.
r: {svc} treats connection timeouts as "peer dead" after {n} seconds and promotes a replica, but the old leader kept accepting writes because it could still reach clients.
g: The provider maintenance on {dep} began at {tstart} UTC.
g: At {tstart} UTC a router in {region} started dropping {pct}% of packets between zones.
f: Two of three nodes were in the same availability zone.
f: No fencing of the old leader on failover.
f: Provider maintenance notices are not part of our change calendar.
f: Timeouts were tuned for latency, not for partitions.
f: We had never run a partition game day for {svc}.
x: After connectivity returned at {tmit}, {oncall} stopped the minority side, replayed its writes by hand from the audit log, and rejoined the cluster.
x: Traffic between regions was rerouted through the backup tunnel; error rates dropped at {tmit}.
a: Spread {svc} nodes across three zones and enforce it with topology constraints
a: Fence the old leader before promoting a new one
a: Import provider maintenance notices into the change calendar
a: Run a network partition game day for {svc}
a: Reconcile writes accepted on both sides automatically
e0: Packet loss between zones in {region} begins
e0: {svc} nodes lose contact with each other
ei: Two {svc} nodes both report themselves as leader
ei: Provider status shows maintenance on {dep}
em: Connectivity restored; minority side stopped and rejoined
em: Inter-region traffic rerouted via backup tunnel
l: Partitions are not rare events; they are scheduled maintenance we did not read.
kt: 가용 영역 간 네트워크 단절로 {svc} 클러스터 분할
kt: {dep} 패킷 손실로 {svc} 호출 타임아웃
kw: {region} 가용 영역 간 연결이 {mins}분 동안 끊겨 {svc} 클러스터가 둘로 나뉘었고 양쪽 모두 쓰기를 받았다.
kr: 유지보수 중 노드 하나가 같은 영역으로 옮겨져 정족수 설계가 깨졌다.
kr: 장애 조치 시 기존 리더를 차단하지 않아 두 리더가 동시에 쓰기를 받았다.
kg: {tstart}(UTC)에 {dep} 유지보수가 시작되었다.
kf: 세 노드 중 두 개가 같은 가용 영역에 있었다.
kf: 클라우드 업체 유지보수 공지가 변경 일정에 반영되지 않았다.
kx: 연결 복구 후 소수 측을 중지하고 쓰기를 수동으로 재적용해 클러스터에 다시 합류시켰다.
ka: {svc} 노드를 세 가용 영역에 분산
ka: 장애 조치 시 기존 리더 차단
ke0: 가용 영역 간 패킷 손실 시작
kei: 두 노드가 모두 리더로 표시됨
kem: 연결 복구, 소수 측 재합류
kl: 네트워크 분할은 드문 사건이 아니라 읽지 않은 유지보수 공지였다.

@credential-rotation | credential rotation | secrets, credentials, rotation, vault, iam | Vault, AWS Secrets Manager, the IAM role, the database password | 4
t: Credential rotation breaks {svc} access to {svc2}
t: {svc} auth failures after automated secret rotation
t: Rotated API key not propagated to {svc}
w: An automated rotation replaced the credentials {svc} uses for {svc2}, but the running pods kept the old ones and every call failed with `401 Unauthorized`.
w: The database password for {svc} was rotated in {dep} and the old password revoked immediately; pods that had not reloaded their secret lost access.
r: The rotation job revokes the previous credential as soon as the new one is written. {svc} reads secrets at start-up only, so until a restart every pod used a revoked credential.
r: Two copies of the `{ident}` secret existed after the {code} migration; the rotation updated the new path in {dep} while {svc} still read the old one.
r: The IAM role assumed by {svc} was recreated by Terraform during the rotation change in PR #{pr}, which briefly removed its policy attachments.
g: The scheduled rotation of `{ident}` ran at {tstart} UTC.
g: PR #{pr} was applied by the infrastructure pipeline at {tstart} UTC.
f: Old credentials are revoked with no overlap period.
f: {svc} does not reload secrets without a restart.
f: The secret had two sources of truth after the migration.
f: Rotation is not tested in staging with the real consumers.
f: Auth failures from {svc2} are logged but not alerted on.
x: {oncall} restarted {svc} so it picked up the new credential; calls succeeded again from {tmit}.
x: We re-enabled the previous credential for 24 hours, restarted the consumers, then revoked it again in a controlled way.
a: Keep the previous credential valid for 24 hours after rotation
a: Reload secrets in {svc} without a restart
a: Remove the duplicate `{ident}` secret path
a: Alert on the rate of 401 responses between services
a: Run rotation in staging with all consumers before production
e0: Rotation job writes a new `{ident}` and revokes the old one
e0: `401 Unauthorized` from {svc2} on every call from {svc}
ei: Secret version in {dep} newer than the one mounted in {svc} pods
ei: Two secret paths found for `{ident}`
em: {svc} restarted; new credential in use
em: Previous credential re-enabled temporarily
l: Rotation without an overlap window is a scheduled outage.
kt: 자격 증명 교체 후 {svc}의 {svc2} 접근 실패
kt: 시크릿 자동 교체로 {svc} 인증 오류
kw: 자동 교체 작업이 {svc}의 자격 증명을 바꿨지만 실행 중인 파드가 예전 값을 사용해 모든 호출이 `401 Unauthorized`로 실패했다.
kr: 교체 작업이 새 자격 증명을 쓰자마자 이전 것을 폐기했고, {svc}는 기동 시에만 시크릿을 읽었다.
kr: 마이그레이션 이후 같은 시크릿이 두 경로에 존재했다.
kg: {tstart}(UTC)에 `{ident}` 정기 교체가 실행되었다.
kf: 이전 자격 증명의 유예 기간이 없었다.
kf: 서비스 간 401 응답에 대한 알림이 없었다.
kx: {svc}를 재시작해 새 자격 증명을 적용했고 {tmit}에 복구됐다.
ka: 교체 후 24시간 동안 이전 자격 증명 유지
ka: 재시작 없이 시크릿 다시 읽기
ke0: `{ident}` 교체 및 이전 값 폐기
kei: 파드에 마운트된 시크릿 버전이 오래된 것 확인
kem: {svc} 재시작
kl: 유예 기간 없는 교체는 예정된 장애다.

@quota-exceeded | quota exceeded | quota, limits, cloud, capacity | the cloud provider API, the project quota, the vendor API plan, the IP address pool | 4
t: {svc} hits cloud quota; new instances fail to start
t: API quota exhausted for {vendor} — {svc} degraded
t: IP address exhaustion in {region} subnet blocks {svc} scale-out
w: {svc} reached a quota we did not know about, so it could not scale out during peak traffic and requests queued.
w: Our monthly API quota with {vendor} was used up on day {n}; the vendor returned `429 quota exceeded` for every call from {svc}.
r: The project quota for instances in {region} was {limit2} vCPUs. The new {code} batch cluster took most of it, leaving the autoscaler of {svc} unable to add nodes.
r: The subnet for {svc} pods is a /{n} with {big} addresses; every pod takes one, and with warm-IP pooling on each node the subnet ran out at about {pct}% of the planned capacity.
r: A retry loop in {svc2} called {vendor} {n} times per user action, which used the monthly quota in {n2} days.
g: The autoscaler tried to add nodes at {tstart} UTC and got `QUOTA_EXCEEDED`.
g: At {tstart} UTC {vendor} started rejecting calls with `quota exceeded`.
f: Quotas are not tracked as part of capacity planning.
f: No alert on quota usage above 80%.
f: Batch and online workloads share one project quota.
f: Subnet sizing was done before warm-IP pooling was enabled.
f: API usage per feature is not measured.
x: We requested an emergency quota increase, which the provider granted at {tmit}; the autoscaler caught up within {mins} minutes.
x: {oncall} moved the batch cluster to another project and freed {n} nodes for {svc}; recovery at {tmit}.
x: {vendor} raised the plan limit after a call with their account manager; we also disabled the retry loop in {svc2}.
a: Alert on every quota above 80% of its limit
a: Put batch workloads in their own project
a: Resize the {svc} pod subnet and reduce warm-IP pooling
a: Track {vendor} API usage per feature with a budget
a: Review quotas quarterly as part of capacity planning
e0: Autoscaler errors: `QUOTA_EXCEEDED` in {region}
e0: {vendor} returns `429 quota exceeded`
ei: Quota page shows {pct}% of vCPU quota used by the batch cluster
ei: Subnet has zero free addresses
em: Emergency quota increase granted
em: Batch cluster moved; capacity freed for {svc}
l: A limit we do not monitor is a limit we will meet at the worst time.
kt: 클라우드 쿼터 초과로 {svc} 확장 실패
kt: {vendor} API 쿼터 소진 — {svc} 기능 저하
kw: {svc}가 미처 알지 못한 쿼터에 도달해 피크 시간에 확장하지 못했고 요청이 대기열에 쌓였다.
kr: 새 배치 클러스터가 {region} 프로젝트의 vCPU 쿼터 대부분을 사용했다.
kr: {svc2}의 재시도 루프가 {vendor}를 과도하게 호출해 월간 쿼터를 {n2}일 만에 소진했다.
kg: {tstart}(UTC)에 오토스케일러가 `QUOTA_EXCEEDED` 오류를 받았다.
kf: 쿼터가 용량 계획에 포함되지 않았다.
kf: 쿼터 사용률 알림이 없었다.
kx: 긴급 쿼터 증설 요청이 {tmit}에 승인되어 복구됐다.
ka: 모든 쿼터 80% 초과 시 알림
ka: 배치 작업을 별도 프로젝트로 분리
ke0: 오토스케일러 `QUOTA_EXCEEDED` 오류
kei: 쿼터 사용률 확인
kem: 긴급 쿼터 증설 승인
kl: 감시하지 않는 한도는 가장 나쁜 순간에 만난다.

@retry-thundering-herd | retry storm | retries, thundering-herd, backoff, overload | the mobile clients, the SDK, the service mesh retries, the job workers | 4
t: Retry storm from {dep} overloads {svc} after brief blip
t: {svc} stuck in overload: synchronized client retries
t: Thundering herd on reconnect takes down {svc}
w: A short failure of {svc} made every client retry at once; the retries kept {svc} overloaded for {dur} after the original problem was gone.
w: When {svc} restarted, {big} clients reconnected within the same second and the service fell over again, several times in a row.
r: {dep} retry failed requests immediately, up to {n} times, with no jitter. A {mins}-second blip turned into a steady load of {n2} times normal traffic.
r: Retries happen at three layers (client, mesh, and {svc2}), so one failed user request became up to {n} requests to {svc}.
r: The reconnect backoff in the SDK starts at {ms} ms for every client and doubles; without jitter, all clients retried in lockstep.
g: A {mins}-second pause of {svc} during a leader election at {tstart} UTC.
g: {svc} restarted after a config change at {tstart} UTC.
f: No jitter in client backoff.
f: Retries configured at several layers independently.
f: No retry budget or circuit breaker.
f: {svc} has no load shedding; it accepts work until it falls over.
f: Old SDK versions that retry aggressively are still in use by {pct}% of clients.
x: We shed {pct}% of traffic at the edge with `{flag}` and let {svc} recover, then lifted the limit in steps; stable from {tmit}.
x: {oncall} disabled mesh-level retries for {svc} and scaled it up; load fell to normal at {tmit}.
a: Add full jitter to the SDK backoff and release it
a: Keep retries at one layer only and document which
a: Add a retry budget in the service mesh for {svc}
a: Add load shedding to {svc} based on queue time
a: Block SDK versions below {oldver} at the gateway
e0: {svc} pauses for a leader election
e0: Request rate to {svc} jumps to {n}x normal
ei: {pct}% of requests carry a retry header
ei: Request rate stays high after {svc} is healthy again
em: Edge load shedding enabled via `{flag}`
em: Mesh retries disabled for {svc}
l: Retries are load; without a budget they are a denial of service we run against ourselves.
kt: 재시도 폭주로 {svc} 과부하 지속
kt: 재접속 썬더링 허드로 {svc} 장애
kw: {svc}의 짧은 장애 뒤 모든 클라이언트가 동시에 재시도하면서 원래 문제가 해결된 후에도 {dur_ko} 동안 과부하가 이어졌다.
kr: {dep}가 지터 없이 즉시 최대 {n}번 재시도해 짧은 장애가 평소의 {n2}배 부하로 바뀌었다.
kr: 클라이언트, 메시, {svc2} 세 단계에서 각각 재시도했다.
kg: {tstart}(UTC)에 리더 선출로 {svc}가 잠시 멈췄다.
kf: 백오프에 지터가 없었다.
kf: 재시도 예산이나 서킷 브레이커가 없었다.
kx: 엣지에서 트래픽 {pct}%를 차단하고 단계적으로 해제해 {tmit}부터 안정화됐다.
ka: SDK 백오프에 지터 추가
ka: 메시에 재시도 예산 설정
ke0: {svc} 요청량 평소의 {n}배로 급증
kei: 요청의 {pct}%가 재시도 요청임을 확인
kem: 엣지 부하 차단 적용
kl: 재시도는 부하다. 예산이 없으면 스스로에게 거는 서비스 거부 공격이다.

@race-condition-corruption | data corruption | data-integrity, race-condition, concurrency, database | ledger-db, orders-db, the event store, the payments database | 4
t: Race condition in {svc} writes duplicate records to `{table}`
t: Data corruption: concurrent updates overwrite `{table}` rows
t: {svc} double-processes events under concurrency
w: Two workers of {svc} processed the same item concurrently and wrote conflicting rows to `{table}`; {big} records were duplicated or lost updates.
w: A read-modify-write in {svc} without locking let concurrent requests overwrite each other's changes, corrupting balances for {n} accounts.
r: {svc} checks whether a record exists and then inserts it in a separate statement. Under the higher concurrency introduced in {ver}, two workers passed the check at the same time. `{table}` had no unique constraint on `{ident}`.
r: The consumer acknowledges messages after writing, but the visibility timeout of {n} seconds was shorter than the processing time under load, so a second worker received the same message.
r: The update reads the current value, computes the new one in application code and writes it back without `SELECT … FOR UPDATE` or a version check.
g: {svc} {ver}, which doubled worker concurrency, was deployed at {tstart} UTC.
g: Processing time rose above the visibility timeout at {tstart} UTC during the batch peak.
f: No unique constraint backs the idempotency key.
f: Concurrency was raised without reviewing the write path.
f: The reconciliation job runs weekly, so corruption goes unnoticed for days.
f: Tests run with a single worker.
f: Visibility timeout is a constant, not derived from processing time.
x: We scaled {svc} down to one worker at {tmit} to stop new corruption, then repaired {big} rows with a script reviewed by two engineers; repair finished on {day2}.
x: {oncall} paused the consumer, added the unique constraint after removing duplicates, and resumed processing at {tmit}.
a: Add a unique constraint on `{table}.{ident}`
a: Use optimistic locking with a version column in {svc}
a: Run the reconciliation job hourly and alert on mismatches
a: Add a concurrency test with {n} workers to CI
a: Derive the visibility timeout from the p99 processing time
e0: {svc} {ver} with doubled concurrency reaches all pods
e0: First duplicate rows appear in `{table}`
ei: Reconciliation query finds {big} duplicate `{ident}` values
ei: Same message id processed by two workers {ms} ms apart
em: {svc} scaled to a single worker; corruption stops
em: Consumer paused; duplicates removed; constraint added
l: The database is the only place where uniqueness can be enforced; everything else is a hope.
kt: {svc} 경쟁 조건으로 `{table}` 중복 기록
kt: 동시 갱신으로 인한 데이터 손상
kw: {svc}의 두 워커가 같은 항목을 동시에 처리해 `{table}`에 충돌하는 행을 기록했고, {big}건이 중복되거나 갱신이 유실되었다.
kr: 존재 여부 확인과 삽입이 별도 문장이라 두 워커가 동시에 확인을 통과했다. `{ident}`에 고유 제약이 없었다.
kr: 잠금이나 버전 확인 없이 읽고-수정하고-쓰기를 수행했다.
kg: {tstart}(UTC)에 워커 동시성을 두 배로 늘린 {ver}가 배포되었다.
kf: 멱등 키에 고유 제약이 없었다.
kf: 정합성 점검이 주 1회라 손상을 늦게 발견했다.
kx: 워커를 하나로 줄여 추가 손상을 막고, 두 명이 검토한 스크립트로 {big}건을 복구했다.
ka: `{table}.{ident}` 고유 제약 추가
ka: 정합성 점검 매시간 실행
ke0: `{table}`에 중복 행 발생 시작
kei: 같은 메시지를 두 워커가 처리한 것을 확인
kem: 워커 1개로 축소
kl: 고유성은 데이터베이스에서만 보장할 수 있다.

@cron-job-overlap | cron overlap | cron, scheduler, batch, jobs | Kubernetes CronJob, the cron host, Airflow, the job scheduler | 4
t: Overlapping runs of `{job}` overload {dep}
t: Cron job `{job}` runs twice and corrupts exports
t: {svc} slowdown: long-running `{job}` overlapped with the next run
w: The `{job}` job took longer than its schedule interval, so a second run started before the first finished; both ran against {svc} and doubled the load.
w: After a scheduler failover, `{job}` ran on two hosts at the same time and sent {big} duplicate notifications.
r: `{job}` is scheduled every {n} minutes with `concurrencyPolicy: Allow`. As `{table}` grew, a run took longer than {n} minutes, so runs started to stack up; at {tstart} UTC {n2} runs were active.
r: The cron host was replaced by a new instance during the {code} migration, but the old one was only stopped, not terminated; after a reboot both hosts ran the crontab.
r: `{job}` takes an advisory lock on start, but the lock is session-scoped and the connection pooler in transaction mode released it immediately.
g: The {n2}th overlapping run of `{job}` started at {tstart} UTC.
g: The old cron host rebooted after a kernel patch at {tstart} UTC.
f: No concurrency policy on the job.
f: Job duration is not monitored against its schedule interval.
f: Locks that rely on session state behave differently behind the connection pooler.
f: Two hosts could run the same crontab.
f: The job is not idempotent.
x: {oncall} suspended the CronJob, killed the extra runs and let one run finish; load returned to normal at {tmit}.
x: We terminated the old cron host and deduplicated the notifications that had not yet been sent.
a: Set `concurrencyPolicy: Forbid` on `{job}`
a: Alert when a job runs longer than 80% of its interval
a: Make `{job}` idempotent with a run id
a: Replace the advisory lock with a lease in the database
a: Decommission cron hosts with a checklist
e0: Run of `{job}` starts while {n} earlier runs are still active
e0: {dep} CPU at {pct}%; queries from `{job}` dominate
ei: `kubectl get jobs` shows {n2} active runs of `{job}`
ei: Crontab found running on two hosts
em: CronJob suspended; extra runs killed
em: Old cron host terminated
l: A schedule is not a mutex.
kt: `{job}` 중복 실행으로 {dep} 과부하
kt: 크론 작업 `{job}` 이중 실행
kw: `{job}` 작업이 실행 주기보다 오래 걸려 이전 실행이 끝나기 전에 다음 실행이 시작되었고, 부하가 두 배로 늘었다.
kr: `concurrencyPolicy: Allow` 설정으로 실행이 겹쳐 쌓였다.
kr: 이전 크론 서버를 종료하지 않고 중지만 해서 재부팅 후 두 서버가 같은 크론탭을 실행했다.
kg: {tstart}(UTC)에 {n2}번째 중복 실행이 시작되었다.
kf: 작업 동시 실행 정책이 없었다.
kf: 작업 실행 시간을 주기 대비로 감시하지 않았다.
kx: 크론잡을 일시 중지하고 중복 실행을 종료해 {tmit}에 부하가 정상화됐다.
ka: `{job}`에 `concurrencyPolicy: Forbid` 설정
ka: 실행 시간이 주기의 80%를 넘으면 알림
ke0: `{job}` 중복 실행 시작
kei: 활성 실행 {n2}개 확인
kem: 크론잡 일시 중지
kl: 스케줄은 뮤텍스가 아니다.

@log-volume-explosion | log volume | logging, observability, cost, disk | the log pipeline, Elasticsearch, the logging agent, Loki | 3
t: Log volume explosion from {svc} saturates {dep}
t: {svc} debug logging floods the log pipeline
t: Logging agent backpressure slows {svc}
w: {svc} started logging {n} times its normal volume; {dep} fell behind, logs from every service were delayed by up to {hours} hours, and the agent on each node used so much CPU that {svc} slowed down.
w: An error logged in a tight loop in {svc} produced {big} lines per minute and filled the ingestion quota of {dep} for the day.
r: {ver} logged the full request body of `{ident}` calls at INFO level. Payloads average {n} KB, and {svc} handles {big} of these calls per minute.
r: A retry loop in {svc} logged every failed attempt with a stack trace; when {svc2} was briefly unavailable, the loop produced millions of identical lines.
r: The logging agent writes to a bounded buffer and blocks the application when the buffer is full; backpressure from {dep} propagated into request latency.
g: {svc} {ver} was deployed at {tstart} UTC.
g: {svc2} became unavailable at {tstart} UTC, triggering the retry loop.
f: No per-service log rate limits in the agent.
f: The agent blocks the application instead of dropping logs.
f: Log volume per service is not on any dashboard.
f: Debug-level logging can be enabled in production without review.
x: We reverted the logging change and dropped the backlog for {svc} in {dep}; ingestion caught up at {tres}.
x: {oncall} set a rate limit for {svc} in the agent config and restarted the agents; latency recovered at {tmit}.
a: Add per-service log rate limits in the agent
a: Configure the agent to drop, not block, when its buffer is full
a: Dashboard and alert for log volume per service
a: Lint for request bodies in log statements
a: Sample repeated error logs in {svc}
e0: Log volume from {svc} rises {n}x
e0: Ingestion lag in {dep} passes {mins} minutes
ei: Top talkers query shows {svc} at {pct}% of all log lines
ei: Agent CPU on nodes running {svc} at 100%
em: Logging change reverted; backlog dropped
em: Agent rate limit for {svc} applied
l: Observability tooling can take production down as easily as production can take it down.
kt: {svc} 로그 폭증으로 {dep} 포화
kt: 디버그 로그 과다로 로그 파이프라인 지연
kw: {svc}의 로그량이 평소의 {n}배로 늘어 {dep}가 뒤처졌고, 모든 서비스의 로그가 최대 {hours}시간 지연되었다.
kr: {ver}가 요청 본문 전체를 INFO 수준으로 기록했다.
kr: 로깅 에이전트 버퍼가 가득 차면 애플리케이션을 막도록 설정되어 있었다.
kg: {tstart}(UTC)에 {svc} {ver}가 배포되었다.
kf: 서비스별 로그 속도 제한이 없었다.
kf: 서비스별 로그량 대시보드가 없었다.
kx: 로깅 변경을 되돌리고 적체된 로그를 버려 {tres}에 수집이 정상화됐다.
ka: 서비스별 로그 속도 제한 추가
ka: 버퍼가 가득 차면 로그를 버리도록 에이전트 설정
ke0: {svc} 로그량 {n}배 증가
kei: 로그 상위 발생 서비스 확인
kem: 로깅 변경 되돌림
kl: 관측 도구도 운영 환경을 멈출 수 있다.

@autoscaling-lag | autoscaling | autoscaling, capacity, traffic-spike, hpa | the HPA, the cluster autoscaler, the ASG, KEDA | 4
t: {svc} overloaded during traffic spike; autoscaler too slow
t: Slow scale-out leaves {svc} under capacity for {mins} minutes
t: {code} launch spike exceeds {svc} capacity
w: Traffic to {svc} rose {n} times within minutes; {dep} needed {mins} minutes to add capacity and requests timed out until it caught up.
w: The autoscaler of {svc} scaled on CPU, but the service was bound by connections, so it never scaled out while latency climbed.
r: New nodes take about {mins} minutes to join and pull the {n} GB image of {svc}. The HPA asked for pods immediately, but they stayed pending until the cluster autoscaler added nodes.
r: The HPA target was {pct}% CPU. {svc} spends most time waiting on I/O, so CPU stayed low while the request queue grew.
r: The maximum replica count of {svc} was set to {limit} two years ago and was reached within {n} minutes of the spike.
g: The {code} campaign push notification went out at {tstart} UTC.
g: Traffic from {cust} tripled at {tstart} UTC after their launch.
f: No warm pool of nodes.
f: Scaling metric does not reflect the real bottleneck.
f: The image of {svc} is {n} GB.
f: Marketing launches are not shared with the on-call team.
f: The replica maximum was never revisited.
x: {oncall} raised the replica maximum and pre-scaled {svc} to {n} pods by hand; latency recovered at {tmit}.
x: We switched the HPA to scale on in-flight requests and added a warm node pool; capacity caught up at {tmit}.
a: Scale {svc} on in-flight requests instead of CPU
a: Keep a warm pool of nodes for {region}
a: Slim the {svc} image below 500 MB
a: Add launches and campaigns to the on-call calendar
a: Review replica maximums quarterly
e0: Request rate to {svc} rises {n}x in {mins} minutes
e0: {svc} pods pending: no node capacity
ei: HPA at maximum replicas ({limit})
ei: CPU on {svc} at {pct}% while latency climbs
em: Replica maximum raised; pre-scaled by hand
em: Warm node pool added; pods scheduled
l: Autoscaling is a control loop; we tuned it for last year's traffic shape.
kt: 트래픽 급증 시 오토스케일러 지연으로 {svc} 과부하
kt: {code} 출시 트래픽이 {svc} 용량 초과
kw: {svc} 트래픽이 몇 분 만에 {n}배로 늘었고, {dep}가 용량을 늘리는 {mins}분 동안 요청이 타임아웃되었다.
kr: 새 노드가 합류하고 {n}GB 이미지를 받는 데 {mins}분이 걸렸다.
kr: CPU 기준 오토스케일링이라 I/O 대기 위주인 {svc}는 확장되지 않았다.
kg: {tstart}(UTC)에 {code} 캠페인 푸시 알림이 발송되었다.
kf: 예비 노드 풀이 없었다.
kf: 마케팅 일정이 온콜 팀에 공유되지 않았다.
kx: 최대 레플리카 수를 올리고 수동으로 {n}개까지 확장해 {tmit}에 복구됐다.
ka: 처리 중 요청 수 기준 오토스케일링
ka: 캠페인 일정을 온콜 캘린더에 추가
ke0: {svc} 요청량 급증
kei: HPA 최대 레플리카 도달 확인
kem: 수동 확장
kl: 오토스케일링은 제어 루프이고, 우리는 작년 트래픽에 맞춰 조정해 두었다.

@cdn-misconfiguration | CDN | cdn, caching, edge, purge | the CDN, cdn-edge, the edge config, the purge API | 4
t: CDN caches personalised {svc} pages
t: Full CDN purge overloads origin for {svc}
t: Edge rule change breaks {svc} assets
w: A CDN rule change cached responses of {svc} that contain personal data, and some users saw another user's page for {mins} minutes.
w: A purge request for the whole zone instead of {n} paths emptied every edge cache, and the origin of {svc} received {n2} times its normal traffic.
r: The rule in PR #{pr} set `Cache-Control` override for `/{ident}/*` to cache for {n} minutes, ignoring `Set-Cookie` and `private`. The path included the account pages of {svc}.
r: The publish job built the purge list from a diff that came back empty after a race with the upload step; {dep} treats an empty list as "purge everything".
r: The origin shield was disabled during the {code} migration and never re-enabled, so every edge node went straight to origin on a miss.
g: The edge config from PR #{pr} was activated at {tstart} UTC.
g: The publish job sent a purge request with an empty file list at {tstart} UTC.
f: CDN config changes are not tested against a list of paths that must never be cached.
f: The purge token has zone-wide rights.
f: No alert on cache hit ratio or on origin 5xx.
f: The origin was sized for a {pct}% hit ratio.
f: Edge logs are sampled at 1%.
x: We reverted the edge rule and purged the affected paths; no personalised page was served after {tmit}.
x: {oncall} scaled the origin from {n} to {n2} instances and re-enabled the origin shield; hit ratio recovered by {tres}.
a: Add a CI test that requests account pages through staging CDN and checks for `private`
a: Scope the purge token to path purges only
a: Alert on cache hit ratio below 80% for 5 minutes
a: Re-enable and monitor the origin shield
a: Never send purge requests with an empty list
e0: Edge config activated; cache hit ratio on account pages rises
e0: Cache hit ratio falls from {pct}% to 4%; origin 5xx start
ei: Customer reports seeing another user's name on the account page
ei: Purge log shows a zone-wide purge from the publish job
em: Edge rule reverted; affected paths purged
em: Origin scaled out; origin shield re-enabled
l: An API where "nothing" means "everything" is a trap.
kt: CDN이 {svc}의 개인화 페이지를 캐시
kt: CDN 전체 퍼지로 {svc} 오리진 과부하
kw: CDN 규칙 변경으로 개인 정보가 포함된 {svc} 응답이 캐시되어 일부 사용자가 {mins}분 동안 다른 사용자의 페이지를 보았다.
kr: PR #{pr}의 규칙이 `Set-Cookie`와 `private`를 무시하고 {n}분간 캐시하도록 설정했다.
kr: 빈 파일 목록으로 퍼지를 요청하면 {dep}가 전체 퍼지로 해석했다.
kg: {tstart}(UTC)에 PR #{pr}의 엣지 설정이 활성화되었다.
kf: 절대 캐시되면 안 되는 경로 목록으로 CDN 설정을 검증하지 않았다.
kf: 캐시 적중률 알림이 없었다.
kx: 엣지 규칙을 되돌리고 해당 경로를 퍼지해 {tmit} 이후 개인화 페이지가 노출되지 않았다.
ka: 계정 페이지 캐시 여부 CI 검증
ka: 퍼지 토큰 권한을 경로 단위로 축소
ke0: 엣지 설정 활성화
kei: 다른 사용자 이름이 보인다는 고객 제보
kem: 엣지 규칙 되돌림
kl: "없음"이 "전부"를 뜻하는 API는 함정이다.

@kernel-upgrade-regression | kernel/OS upgrade | kernel, os, node-upgrade, regression | the node pool, the base AMI, the kernel, the container runtime | 3
t: Kernel {kernel} upgrade causes network stalls on {svc} nodes
t: {svc} latency regression after OS image upgrade
t: Node pool upgrade breaks {svc}
w: After the node pool moved to kernel {kernel}, pods of {svc} saw periodic network stalls of several seconds and p99 latency rose from {ms} ms to {n} s.
w: The new base image changed the cgroup version; {svc}, which reads memory limits from cgroup v1 paths, assumed unlimited memory and was OOM-killed.
r: Kernel {kernel} contains a regression in conntrack garbage collection under high connection churn; nodes running {svc}, which opens {big} short-lived connections a minute, stalled when the table filled.
r: The new image switched to cgroup v2. The runtime of {svc} (an older JVM) could not detect the container limit and sized its heap from host memory.
r: The upgrade rolled through all node pools in {n} hours with a soak time of {mins} minutes per pool, too short for a problem that appears under daily peak traffic.
g: The node pool running {svc} was upgraded to the new image at {tstart} UTC.
g: Daily peak traffic on the upgraded nodes started at {tstart} UTC.
f: Node upgrades use the same soak time for every pool.
f: No canary node pool with production traffic.
f: Kernel and runtime compatibility is not in the upgrade checklist.
f: Rolling back a node image takes hours.
f: Node-level metrics (conntrack, softirq) are not collected.
x: We cordoned the upgraded nodes, moved {svc} back to the previous image pool and rolled the upgrade back; latency recovered at {tmit}.
x: {oncall} set explicit heap limits on {svc} as a stopgap; the runtime was upgraded on {day2}.
a: Add a canary node pool with a 48-hour soak
a: Collect conntrack and softirq metrics from all nodes
a: Add runtime cgroup v2 compatibility to the upgrade checklist
a: Keep the previous node image pool for one week after upgrades
a: Upgrade the runtime of {svc}
e0: Node pool upgrade to kernel {kernel} completes
e0: Periodic multi-second stalls on {svc} pods
ei: `dmesg` on `{node}` shows `nf_conntrack: table full, dropping packet`
ei: {svc} sees host memory instead of container limit
em: Affected nodes cordoned; {svc} moved to previous image
em: Explicit heap limits set on {svc}
l: Base image upgrades are production changes for every service at once.
kt: 커널 {kernel} 업그레이드 후 {svc} 노드 네트워크 지연
kt: OS 이미지 업그레이드로 {svc} 성능 저하
kw: 노드 풀을 커널 {kernel}로 올린 뒤 {svc} 파드에서 수 초씩 네트워크가 멈췄고 p99 지연 시간이 {ms}ms에서 {n}초로 늘었다.
kr: 커널 {kernel}의 conntrack 정리 로직 회귀로 연결이 많은 노드에서 테이블이 가득 찼다.
kr: 새 이미지가 cgroup v2로 바뀌어 {svc}가 컨테이너 메모리 한도를 인식하지 못했다.
kg: {tstart}(UTC)에 {svc} 노드 풀 업그레이드가 적용되었다.
kf: 노드 풀마다 같은 관찰 시간을 사용했다.
kf: 노드 수준 지표(conntrack 등)를 수집하지 않았다.
kx: 업그레이드된 노드를 격리하고 {svc}를 이전 이미지 노드로 옮겨 {tmit}에 복구됐다.
ka: 48시간 관찰하는 카나리 노드 풀 추가
ka: 모든 노드에서 conntrack 지표 수집
ke0: 노드 풀 커널 업그레이드 완료
kei: `dmesg`에서 `nf_conntrack: table full` 확인
kem: 노드 격리 및 이전 이미지로 이동
kl: 기본 이미지 업그레이드는 모든 서비스에 동시에 적용되는 운영 변경이다.
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
EVENTS_EXTRA = [
    "{oncall}: error rate still at {pct}%, no change after the last step",
    "Checkpoint: {ic} summarises status for stakeholders",
    "Graph of `{metric}` shared in the channel",
    "{n} customers confirmed affected so far",
    "Support posts a macro reply for incoming tickets",
    "Considering rollback of {svc2}; decided against it",
    "{oncall} hands over the terminal to a second engineer",
    "Logs from `{host}` attached to {ticket}",
    "Comms lead asks for an ETA; none yet",
    "Latency on {svc} improving slightly, p99 at {ms} ms",
    "Leadership update sent",
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
K_EVENTS_EXTRA = [
    "{oncall}: 마지막 조치 이후에도 오류율 {pct}% 유지",
    "중간 점검: {ic}님이 이해관계자에게 현황 공유",
    "`{metric}` 그래프 채널에 공유",
    "현재까지 영향 고객 {n}곳 확인",
    "고객지원팀이 문의 응대용 안내문 게시",
    "{svc2} 롤백 검토했으나 보류",
    "`{host}` 로그를 {ticket}에 첨부",
    "{svc} 지연 시간 소폭 개선, p99 {ms}ms",
    "경영진 보고 발송",
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

RC_EXTRA = [
    "A second factor only became clear after the review: {svc2} retried every failed call three times, which tripled the load on {svc} during the incident.",
    "We also found that the same failure mode had been seen in staging on {day2} and closed as flaky ({ticket}).",
    "The review showed that the alert that should have caught this had been silenced since a noisy week in the spring.",
    "Ownership of the affected component had moved to the {team} team without a handover, so nobody knew the failure mode existed.",
]
K_RC_EXTRA = [
    "회고 후 추가로 확인한 원인: {svc2}가 실패한 호출을 세 번씩 재시도해 장애 중 {svc}의 부하가 세 배가 되었다.",
    "같은 증상이 {day2} 스테이징에서도 있었지만 일시적인 문제로 종료되었다({ticket}).",
]
LESSON_EXTRA = [
    "We should have declared an incident earlier; waiting for certainty cost us time.",
    "Nobody updated the status page for the first hour.",
    "The handover between time zones lost context; write it down in the channel.",
    "We needed access that only one person on the team had.",
]
K_LESSON_EXTRA = [
    "확신이 생길 때까지 장애 선언을 미룬 것이 대응을 늦췄다.",
    "첫 한 시간 동안 상태 페이지를 아무도 갱신하지 않았다.",
    "시간대가 다른 팀 간 인수인계에서 맥락이 누락되었다.",
]

SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"]
SEV_WEIGHTS = [10, 30, 40, 20]
ACTION_TYPES = ["mitigate", "prevent", "detect", "process", "repair"]
VENDOR_SUFFIX = ["Pay", " Cloud", "SMS", "Mail", " Maps", " KYC", "Tax", " Identity", "Ship", " Data"]
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
        field, _, value = line.partition(": ")
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


def parse_ml_families() -> list[dict]:
    """The multilingual families (bench/causes_ml.py): Japanese fields as the
    Korean format reads them (``k*``) under ``j*``; a second author's
    wording under ``field@2``."""
    fams = parse_families(ML_FAMILY_TEXT)
    for fam in fams:
        for field in ("jt", "jw", "jr", "jg", "jf", "jx", "ja", "je0", "jem"):
            assert fam.get(field), (fam["key"], field)
    return fams


# Services postmortems are about; set by --causes multilingual.
SERVICE_COUNT = 0


def use_multilingual() -> None:
    """Switches to the multilingual families, Japanese postmortems and a
    few services shared by every family."""
    global FAMILIES, JA_SHARE, SERVICE_COUNT
    FAMILIES = parse_ml_families()
    JA_SHARE = 0.15
    SERVICE_COUNT = 12


def family_view(fam: dict, doc) -> dict:
    """The family as the document's author writes it: their wording
    (``field@2`` for the second author) and, in Japanese, the ``j*`` fields
    under the Korean format's ``k*`` names."""
    style = 1 + doc.author % 2
    view = {k: v for k, v in fam.items() if "@" not in k}
    if style == 2:
        for k, v in fam.items():
            if k.endswith("@2"):
                view[k[:-2]] = v
    if doc.fmt == "japanese":
        for k, v in list(view.items()):
            if k.startswith("j") and isinstance(v, list):
                view["k" + k[1:]] = v
        view.setdefault("kei", [])
        view["kei"] = view.get("jei", [])
        view["kl"] = view.get("jl", [])
    return view


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
        self.vendors = [f"{w.capitalize()}{rng.choice(VENDOR_SUFFIX)}" for w in words[900:1000]]


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


SLUG_STOP = ("a", "an", "and", "or", "the", "on", "in", "of", "to", "for", "after", "with", "from", "by", "at")


def slugify(s: str) -> str:
    s = s.lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    parts = s.split("-")
    out: list[str] = []
    for p in parts:
        if len("-".join(out + [p])) > 48:
            break
        out.append(p)
    while len(out) > 2 and out[-1] in SLUG_STOP:
        out.pop()
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

FORMATS = ["sre", "team", "pagerduty", "setext", "korean", "japanese"]
# Share of Japanese postmortems; set by --causes multilingual.
JA_SHARE = 0.0


class Doc:
    __slots__ = ("idx", "fmt", "fam", "author", "sev", "start", "ttd", "ttm",
                 "ttr", "add_ts", "edits", "path", "text", "title", "slug",
                 "remaining", "svc")


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
        if JA_SHARE and r >= 1 - JA_SHARE:
            d.fmt = "japanese"
        else:
            d.fmt = "korean" if r < 0.15 else FORMATS[int((r - 0.15) / (0.85 - JA_SHARE) * 4)]
        d.fam = rng.choices(range(len(FAMILIES)), fam_weights)[0]
        if d.fmt == "korean":
            d.author = rng.choice(KOREAN_ENGINEERS)
        elif d.fmt == "japanese":
            d.author = rng.choice(OTHER_ENGINEERS)
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
            if rng.random() < 0.5:
                eng = d.author
            else:
                eng = rng.choice(KOREAN_ENGINEERS if d.fmt == "korean" else range(len(ENGINEERS)))
            delay = int(rng.expovariate(1 / 25.0) * DAY) + rng.randint(3600, 3 * DAY)
            t = local_work_time(rng, d.add_ts + delay, eng)
            if t <= d.add_ts + 600 or t >= T_END:
                t = rng.randint(d.add_ts + 3600, max(d.add_ts + 3601, T_END - 3600))
            edits.append((t, eng))
        edits.sort()
        d.edits = edits
        d.remaining = k
        docs.append(d)
    return docs


class Writer:
    """Builds the Markdown of one postmortem."""

    def __init__(self, doc: Doc, vocab: Vocab, seed: int, attempt: int = 0, size: float | None = None):
        self.d = doc
        self.v = vocab
        self.rng = random.Random(f"{seed}/doc/{doc.idx}/{attempt}")
        self.fam = family_view(FAMILIES[doc.fam], doc)
        # The Japanese format follows the Korean one, with Japanese text.
        self.lang = {"korean": "ko", "japanese": "ja"}.get(doc.fmt, "en")
        self.ko = self.lang != "en"
        self.ctx = self.make_ctx()
        r = self.rng
        self.width = r.choice((72, 76, 78, 80, 80, 0)) if not self.ko else r.choice((40, 44, 0))
        self.size = r.triangular(0.0, 1.0, 0.3) if size is None else min(1.0, max(0.0, size))
        # Most people keep one list item per line; a few wrap everything.
        self.wrap_lists = r.random() < 0.12
        self.pad = 0
        self.text = ""
        self.title_text = self.pick(self.fam["kt" if self.ko else "t"])

    # -- helpers ----------------------------------------------------------
    def kpool(self, name: str) -> list[str]:
        """A boilerplate pool of the document's (Korean or Japanese) language."""
        return J_POOLS[name] if self.lang == "ja" else globals()["K_" + name]

    def fill(self, tpl: str) -> str:
        out = tpl.format_map(self.ctx)
        if tpl.startswith("{dep}") and out[:1].islower():
            out = out[0].upper() + out[1:]
        return out

    def pick(self, pool: list[str]) -> str:
        return self.fill(self.rng.choice(pool))

    def picks(self, pool: list[str], k: int) -> list[str]:
        k = max(0, min(k, len(pool)))
        return [self.fill(t) for t in self.rng.sample(pool, k)]

    def ordered_picks(self, pool: list[str], k: int) -> list[str]:
        """Like picks, but keeps the pool's order (for timelines)."""
        k = max(0, min(k, len(pool)))
        return [self.fill(pool[i]) for i in sorted(self.rng.sample(range(len(pool)), k))]

    def item(self, text: str, mark: str = "-") -> list[str]:
        """A structured list item (timeline entry, action item)."""
        if self.wrap_lists:
            return self.bullet(text, mark)
        return [f"{mark} {text}"]

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
        if self.ko and c["dep"].startswith("the "):
            c["dep"] = c["dep"][4:]     # no English article inside Korean sentences
        c["team"] = r.choice(TEAMS)
        c["region"], c["region2"] = r.sample(REGIONS, 2)
        c["code"] = r.choice(v.codenames)
        c["cust"], c["cust2"] = r.sample(v.customers, 2)
        c["vendor"] = r.choice(v.vendors)
        c["az"] = c["region"] + r.choice("abc")
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
        major, minor = r.randint(1, 9), r.randint(1, 40)
        c["ver"] = f"v{major}.{minor}.{r.randint(0, 12)}"
        c["oldver"] = f"v{major}.{minor - r.randint(1, min(3, minor))}.{r.randint(0, 12)}"
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
            s = [self.pick(self.kpool("SUMMARY_OPEN")), self.pick(f["kw"])]
            s += self.picks(self.kpool("SUMMARY_CLOSE"), self.count(1, 3))
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
        return self.picks(self.kpool("IMPACT") if self.ko else IMPACT, self.count(2, 9))

    def roots(self) -> list[str]:
        return self.picks(self.fam["kr" if self.ko else "r"], self.count(1, 3))

    def trigger(self) -> str:
        return self.pick(self.fam["kg" if self.ko else "g"])

    def factors(self) -> list[str]:
        f = self.fam
        if self.ko:
            out = self.picks(f["kf"], self.count(1, 3)) + self.picks(self.kpool("FACTORS"), self.count(1, 3))
        else:
            out = self.picks(f["f"], self.count(2, 6)) + self.picks(FACTORS, self.count(1, 5))
        self.rng.shuffle(out)
        return out

    def resolution(self) -> list[str]:
        f = self.fam
        paras = [self.pick(f["kx" if self.ko else "x"])]
        if self.size > 0.45:
            paras.append(self.pick(self.kpool("RES_FOLLOW") if self.ko else RES_FOLLOW))
        return paras

    def detection(self) -> str:
        return self.pick(self.kpool("DETECT") if self.ko else DETECTION)

    def lessons(self) -> tuple[list[str], list[str], list[str]]:
        if self.ko:
            wrong = self.picks(self.fam["kl"], 1) + self.picks(self.kpool("WRONG"), self.count(1, 2))
            return (self.picks(self.kpool("WELL"), self.count(1, 3)), wrong, self.picks(self.kpool("LUCKY"), self.count(1, 2)))
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
                       f"Deploy of {self.ctx['svc']} {self.ctx['ver']} starts" if not ko else HEADINGS[self.lang]["deploy"].format_map(self.ctx)))
        for i, text in enumerate(self.ordered_picks(e0, min(len(e0), r.randint(1, 2)))):
            ev.append((st + i * 60, text))
        ev.append((st + d.ttd * 60, self.pick(self.kpool("EVENTS_DETECT") if ko else EVENTS_DETECT)))
        mids = self.ordered_picks(self.kpool("EVENTS_MID") if ko else EVENTS_MID, self.count(2, 18))
        if not ko and d.sev in ("SEV1", "SEV2"):
            mids.insert(min(len(mids), r.randint(1, 3)), f"{d.sev} declared")
        for t in self.picks(ei, r.randint(1, len(ei))):
            mids.insert(r.randint(len(mids) // 2, len(mids)), t)
        extra = self.count(0, 10)
        for _ in range(extra):
            mids.insert(r.randint(1, len(mids)), self.pick(self.kpool("EVENTS_EXTRA") if ko else EVENTS_EXTRA))
        lo, hi = d.ttd + 1, max(d.ttd + 2, d.ttm - 1)
        times = sorted(r.randint(lo, hi) for _ in mids)
        for t, text in zip(times, mids):
            ev.append((st + t * 60, text))
        ev.append((st + d.ttm * 60, self.pick(em)))
        if d.ttr > d.ttm:
            ev.append((st + d.ttr * 60, self.pick(self.kpool("EVENTS_END") if ko else EVENTS_END)))
        ev.sort(key=lambda e: e[0])
        return ev

    def actions(self) -> list[dict]:
        r, f, ko = self.rng, self.fam, self.ko
        n = self.count(3, 14)
        texts = self.picks(f["ka" if ko else "a"], (n + 1) // 2 + 1)
        texts += self.picks(self.kpool("ACTIONS") if ko else ACTIONS, n - len(texts))
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
            lines = self.render_ko()   # Korean or Japanese
        if (self.size > 0.55 and self.rng.random() < 0.6) or self.pad:
            self.appendix(lines)
        text = "\n".join(lines).rstrip("\n") + "\n"
        return self.add_typos(text)

    def appendix(self, L: list[str]) -> None:
        """Log excerpt in a fenced block: realistic noise with many unique tokens."""
        r, c, d = self.rng, self.ctx, self.d
        self.heading(L, r.choice(("Appendix: log excerpt", "Logs", HEADINGS[self.lang]["logs"])) if self.ko else
                     r.choice(("Appendix: log excerpt", "Supporting logs", "Relevant log lines")))
        L.append("```")
        levels = ("ERROR", "WARN", "ERROR", "INFO")
        n = max(self.pad + 2, self.count(4, 16))
        t = d.start
        for _ in range(n):
            t += r.randint(0, 90)
            ms = r.randint(0, 999)
            ts = datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%S")
            msg = r.choice(("request failed", "upstream timeout", "retrying", "giving up after retries",
                            "connection reset by peer", "context deadline exceeded", "health check failed",
                            "slow call", "circuit open", "queue full, dropping"))
            L.append(f"{ts}.{ms:03d}Z {r.choice(levels)} {c['svc']} [{c.ident()}] {msg} "
                     f"request_id={r.getrandbits(48):012x} host={c['host']} {c.ident()}={r.randint(1, 99999)}")
        L.append("```")

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
            lines += self.item(f"{hm(ts)} — {text}")

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
            lines += self.item(f"[{box}] {owner} — {it['text']} ({it['prio']}, {it['due']})")

    def lessons_block(self, lines: list[str], level: int = 3, ko: bool = False) -> None:
        well, wrong, lucky = self.lessons()
        names = HEADINGS[self.lang]["lesson_names"] if ko else ("What went well", "What went wrong", "Where we got lucky")
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
            L += self.item(f"{it['text']} (owner: {ENGINEERS[it['owner']][0]}, due {it['due']}){done}")
        self.heading(L, "Timeline")
        ev = self.timeline()
        if r.random() < 0.5:
            L.append(f"All times UTC, {ymd(ev[0][0])}.")
            L.append("")
            for ts, text in ev:
                L += self.item(f"{hm(ts)} — {text}")
        else:
            for ts, text in ev:
                L += self.item(f"{ymd(ts)} {hm(ts)} UTC — {text}")
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
        """The Korean format; Japanese documents use it with Japanese headings."""
        title, r, h = self.title(), self.rng, HEADINGS[self.lang]
        L: list[str] = []
        self.front_matter(L, title, r.random() < 0.6)
        L.append(f"# {title}")
        self.heading(L, h["summary"])
        for p in self.summary():
            L += self.para(p)
            L.append("")
        self.heading(L, h["impact"])
        for it in self.impact():
            L += self.bullet(it)
        self.heading(L, h["timeline"])
        ev = self.timeline()
        if r.random() < 0.5:
            self.timeline_table(L, ev, h["time"])
        else:
            self.timeline_bullets(L, ev, h["day"])
        self.heading(L, r.choice(h["root"]))
        for p in self.roots():
            L += self.para(p)
            L.append("")
        if r.random() < 0.5:
            self.heading(L, h["trigger"])
            L += self.para(self.trigger())
        self.heading(L, r.choice(h["resolution"]))
        for p in self.resolution():
            L += self.para(p)
            L.append("")
        L += self.para(self.detection())
        if self.size > 0.3:
            self.heading(L, h["factors"])
            for f in self.factors():
                L += self.bullet(f)
        self.heading(L, h["actions"])
        items = self.actions()
        if r.random() < 0.65:
            self.actions_tasks(L, items)
        else:
            self.actions_table(L, items, h["act_head"])
        self.heading(L, h["lessons"])
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
        return self.subject(doc, ["Close action items for {slug}", "Mark {k} action {items} done in {slug}",
                                  "{slug}: tick off completed follow-ups", "Close action items for {title}"],
                            k=k, items="item" if k == 1 else "items"), ""

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

    # (section names, English templates, Korean templates, bullet?, subjects)
    PARA_TARGETS = [
        (("Summary", "Overview", "요약"), UPDATES, K_UPDATES, False,
         ["Update {slug} after review", "Add follow-up note to {slug}", "Address review comments on {title}"]),
        (("Resolution", "대응", "해결", "조치 내용"), RES_FOLLOW, K_RES_FOLLOW, False,
         ["Clarify resolution in {slug}", "{slug}: add details on the permanent fix", "Update resolution for {title}"]),
        (("Root Causes", "Root cause", "What Happened", "근본 원인", "장애 원인"), RC_EXTRA, K_RC_EXTRA, False,
         ["Expand root cause analysis for {slug}", "{slug}: add second contributing cause", "Root cause: more detail ({slug})"]),
        (("What went wrong", "Lessons Learned", "Lessons learned", "아쉬운 점", "교훈"), LESSON_EXTRA, K_LESSON_EXTRA, True,
         ["Add lesson from the review to {slug}", "{slug}: lessons learned from the retro", "Lessons learned: {title}"]),
    ]

    def op_para(self, doc, ts):
        r = self.rng
        ko = doc.fmt == "korean"
        lines = doc.text.split("\n")
        c = Ctx(r, self.vocab)
        c["day2"] = ymd(ts)
        c["ticket"] = f"{r.choice(('OPS', 'INC', 'SRE'))}-{r.randint(100, 9999)}"
        c["svc"] = doc.svc
        c["svc2"] = r.choice(self.vocab.services)
        c["team"] = r.choice(TEAMS)
        c["oncall"] = ENGINEERS[r.randrange(len(ENGINEERS))][0]
        c["hours"] = str(r.randint(2, 9))
        order = list(range(len(self.PARA_TARGETS)))
        r.shuffle(order)
        bounds = None
        for t in order:
            names, en, kor, bullet, subjects = self.PARA_TARGETS[t]
            for name in names:
                bounds = section_bounds(lines, (name,))
                if bounds is not None and bounds[1] > bounds[0]:
                    break
                bounds = None
            if bounds is not None:
                break
        else:
            names, en, kor, bullet, subjects = self.PARA_TARGETS[0]
            bounds = None
        new = fill(r.choice(kor if ko else en), c)
        if bounds is None:
            lines += ["", new]
        elif bullet:
            last = lines[bounds[1] - 1] if bounds[1] > bounds[0] else "- "
            mark = "* " if last.startswith("* ") else "- "
            lines[bounds[1]:bounds[1]] = [mark + new]
        else:
            width = max((len(l) for l in lines[bounds[0]:bounds[1]]), default=0)
            width = width if 40 <= width <= 80 else (0 if width > 80 else 78)
            lines[bounds[1]:bounds[1]] = [""] + wrap(new, width)
        doc.text = "\n".join(lines)
        if ko and r.random() < 0.5:
            return self.subject(doc, ["{slug} 내용 보완", "회고 의견 반영: {slug}"]), ""
        return self.subject(doc, subjects), \
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


MIN_LINES, MAX_LINES = 60, 250
AUTO_MONTH_ABOVE = 20000


def make_writer(d: Doc, vocab: Vocab, seed: int) -> "Writer":
    """A writer whose document has MIN_LINES..MAX_LINES lines (w.text)."""
    w = Writer(d, vocab, seed)
    size = w.size
    for attempt in range(1, 12):
        w.text = w.build()
        lines = w.text.count("\n")
        if MIN_LINES <= lines <= MAX_LINES:
            return w
        size += 0.15 if lines < MIN_LINES else -0.15
        w = Writer(d, vocab, seed, attempt, size)
        if lines < MIN_LINES and size > 1.0:
            w.pad = MIN_LINES - lines
    w.text = w.build()
    return w


def generate(n: int, seed: int, layout: str, out) -> tuple[dict[str, str], int, int]:
    rng = random.Random(f"{seed}/plan")
    vocab = Vocab(seed)
    if SERVICE_COUNT:
        vocab.services = vocab.services[:SERVICE_COUNT]
    docs = plan_docs(n, rng)
    erng = random.Random(f"{seed}/edits")
    editor = Editor(erng, vocab)
    stream = Stream(out, random.Random(f"{seed}/ident"))

    # Events: (ts, order, kind, doc index, edit number)
    events: list[tuple[int, int, str, int]] = []
    for d in docs:
        events.append((d.add_ts, 0, d.idx, -1))
        for j, (t, _eng) in enumerate(d.edits):
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
            w = make_writer(d, vocab, seed)
            title = w.title()
            d.title = title
            if d.fmt in ("korean", "japanese"):
                base = slugify(w.fill(w.fam["t"][d.idx % len(w.fam["t"])]) if d.idx % 3 else f"{w.ctx['svc']} {w.fam['key']}")
            else:
                base = slugify(title)
            day = ymd(d.start)
            folder = "postmortems/" + {"year": f"{day[:4]}/", "month": f"{day[:4]}/{day[5:7]}/"}.get(layout, "")
            path = f"{folder}{day}-{base}.md"
            k = 2
            while path in used:
                path = f"{folder}{day}-{base}-{k}.md"
                k += 1
            used[path] = None
            d.path = path
            d.svc = w.ctx["svc"]
            d.slug = path.rsplit("/", 1)[1][:-3]
            d.text = w.text
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
        eng = d.edits[j][1]
        subject, body = editor.edit(d, ts)
        stream.commit(eng, ts, subject, body, [(d.path, d.text)])
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
    ap.add_argument("--layout", choices=("auto", "year", "month", "flat"), default="auto",
                    help="where files go under postmortems/: year = YYYY/YYYY-MM-DD-slug.md, "
                         "month = YYYY/MM/YYYY-MM-DD-slug.md, flat = YYYY-MM-DD-slug.md; "
                         f"auto (default) = year up to N={AUTO_MONTH_ABOVE}, month above. flat is much slower "
                         "for large N: every commit rewrites one huge tree")
    ap.add_argument("--force", action="store_true", help="delete --out first if it is an existing git repository")
    ap.add_argument("--causes", choices=("default", "multilingual"), default="default",
                    help="multilingual: the 8 root-cause families of bench/causes_ml.py, each written "
                         "in English, Korean (15%%) and Japanese (15%%) by two authors with different "
                         "wording, across 12 services (to measure cross-language related incidents "
                         "and clusters)")
    args = ap.parse_args(argv)
    if args.causes == "multilingual":
        use_multilingual()
    if args.n < 1:
        ap.error("--n must be at least 1")
    if args.layout == "auto":
        args.layout = "year" if args.n <= AUTO_MONTH_ABOVE else "month"

    out = os.path.abspath(args.out.rstrip("/"))
    if os.path.exists(out):
        is_repo = os.path.exists(os.path.join(out, ".git")) or os.path.exists(os.path.join(out, "HEAD"))
        if not os.path.isdir(out) or (os.listdir(out) and not (args.force and is_repo)):
            ap.error(f"{out} exists and is not an empty directory "
                     "(use --force to replace an existing repository)")
    t0 = time.monotonic()
    # Build in a private sibling directory and rename it into place at the end:
    # a failed or concurrent run never leaves a half-written repository at --out.
    tmp = f"{out}.partial-{os.getpid()}"
    if os.path.exists(tmp):
        shutil.rmtree(tmp)
    env = dict(os.environ)
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
        env.pop(k, None)
    try:
        run(["git", "init", "-q", "-b", "main"] + (["--bare"] if args.bare else []) + [tmp], env=env)
        git_dir = tmp if args.bare else os.path.join(tmp, ".git")
        proc = subprocess.Popen(["git", "--git-dir", git_dir, "fast-import", "--quiet", "--done",
                                 "--date-format=raw"],
                                stdin=subprocess.PIPE, env=env, bufsize=1 << 20)
        try:
            families, files, commits = generate(args.n, args.seed, args.layout, proc.stdin)
            proc.stdin.close()
        except BrokenPipeError:
            families, files, commits = {}, 0, 0
        rc = proc.wait()
        if rc != 0 or not families:
            print(f"git fast-import failed (exit code {rc})", file=sys.stderr)
            return 2
        if not args.bare:
            # One checkout at the end (HEAD is refs/heads/main).
            run(["git", "-C", tmp, "reset", "-q", "--hard", "main"], env=env)
        if os.path.exists(out) and args.force and os.listdir(out):
            shutil.rmtree(out)
        try:
            os.rename(tmp, out)   # also replaces an empty directory
        except OSError as e:
            print(f"cannot move the new repository to {out}: {e}", file=sys.stderr)
            return 2
    finally:
        if os.path.exists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)
    fam_path = out + ".families.json"
    with open(fam_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(dict(sorted(families.items())), f, ensure_ascii=False, indent=0, sort_keys=True)
        f.write("\n")
    os.replace(fam_path + ".tmp", fam_path)
    dt = time.monotonic() - t0
    print(f"files: {files}  commits: {commits}  seconds: {dt:.1f}")
    print(f"repository: {out}{' (bare)' if args.bare else ''}, layout: {args.layout}")
    print(f"ground truth: {fam_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
