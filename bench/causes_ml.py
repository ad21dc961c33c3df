"""Root-cause families written in English, Korean and Japanese by two
"authors" each, for ``gen_corpus.py --causes multilingual``.

Same line format as ``FAMILY_TEXT`` in gen_corpus.py, plus Japanese fields
(``jt`` title, ``jw`` summary, ``jr`` root cause, ``jg`` trigger, ``jf``
factor, ``jx`` resolution, ``ja`` action, ``je0``/``jem`` timeline, ``jl``
lesson). A field suffixed ``@2`` is what the second author writes instead:
other words, other sentence shapes, for the same cause. Each document is
written by one author (chosen per document), so a family is never one
template.
"""

ML_FAMILY_TEXT = r"""
@cert-expiry | certificate expiry | tls, certificates | cert-manager, internal CA, the ACME client | 5
t: Expired TLS certificate on {domain} breaks {svc}
t: {svc} handshake failures: client certificate expired
t@2: {svc} down after cert lapsed on {domain}
t@2: {svc2} could not talk to {svc} (x509 validity)
w: The certificate served on `{domain}` passed its expiry date and every client of {svc} failed the TLS handshake.
w@2: Our cert for `{domain}` lapsed overnight, so callers of {svc} got `x509: certificate has expired or is not yet valid` on every request.
r: The certificate was issued by {dep} and should have been renewed by the `{job}` job, which had been failing for {n2} days without anyone noticing.
r: Automatic renewal was never set up for this certificate; it had been created by hand and was missing from the inventory.
r@2: Nobody renewed the cert. The renewal cron was broken since the {code} migration and exited 0, so the dashboard stayed green until the validity period ran out.
r@2: {svc} only loads its TLS keypair on boot; the renewed cert sat in the secret while the pods kept serving the old, expired one.
g: The certificate's `notAfter` time ({day} {tstart} UTC) passed.
g@2: At {tstart} UTC the old cert reached the end of its validity window.
f: No alert on certificate expiry dates.
f: The renewal script swallowed its errors.
f@2: Cert validity isn't monitored; we only watch the cron job status.
f@2: Hand-made certs are invisible to our tooling.
x: {oncall} issued a new certificate, updated the `{bucket}` secret and restarted {svc}; handshakes succeeded from {tmit}.
x@2: We pushed a fresh cert and bounced the pods. TLS errors stopped at {tmit}.
a: Alert 14 days before any certificate expires
a: Move all certificates of {svc} to automated renewal
a@2: Add expiry monitoring for every cert we serve
e0: First `certificate has expired` errors in {svc2} logs
ei: `openssl s_client` shows a `notAfter` date in the past
em: New certificate deployed and {svc} restarted
l: A certificate's expiry date is known months in advance.
kt: {svc} 인증서 만료로 TLS 핸드셰이크 실패
kt@2: {domain} 인증서 기간 만료 — {svc} 접속 불가
kw: `{domain}`의 TLS 인증서가 만료되어 {svc}로 가는 모든 요청이 핸드셰이크 단계에서 실패했다.
kw@2: 인증서 유효기간이 지나면서 {svc}를 호출하는 클라이언트들이 모두 연결에 실패했다.
kr: 인증서 자동 갱신 작업(`{job}`)이 {n2}일 전부터 실패하고 있었지만 아무도 알지 못했다.
kr: 이 인증서는 수동으로 발급되어 자동 갱신 대상에서 빠져 있었다.
kr@2: 갱신 크론이 {code} 이전 작업 이후 계속 실패했는데 종료 코드가 0이라 알림이 울리지 않았고, 결국 인증서 기한이 지나 버렸다.
kr@2: {svc}는 기동할 때만 인증서를 읽어서, 새 인증서가 시크릿에 들어간 뒤에도 만료된 인증서를 계속 사용했다.
kg: 인증서의 `notAfter` 시각({day} {tstart} UTC)이 지났다.
kg@2: {tstart}(UTC)에 기존 인증서의 유효기간이 끝났다.
kf: 인증서 만료 알림이 없었다.
kf@2: 수동 발급 인증서는 관리 목록에 없었다.
kx: {oncall}님이 새 인증서를 발급해 `{bucket}` 시크릿을 갱신하고 {svc}를 재시작했다. {tmit}에 정상화됐다.
kx@2: 새 인증서를 배포하고 파드를 재기동해 {tmit}에 복구했다.
ka: 만료 14일 전 인증서 알림 추가
ka@2: 모든 인증서 자동 갱신 전환
ke0: {svc2} 로그에 `certificate has expired` 오류 발생
kem: 새 인증서 적용 후 {svc} 재시작
jt: {svc} 証明書の期限切れによるTLSハンドシェイク失敗
jt@2: {domain} のサーバー証明書失効で {svc} に接続不可
jw: `{domain}` のTLS証明書の有効期限が切れ、{svc} へのすべてのリクエストがハンドシェイクで失敗した。
jw@2: 証明書が期限切れとなり、{svc} を呼び出すクライアントがすべて接続エラーになった。
jr: 証明書の自動更新ジョブ（`{job}`）が {n2} 日前から失敗していたが、誰も気づかなかった。
jr: この証明書は手動で発行されたもので、自動更新の対象外だった。
jr@2: 更新用のcronが {code} 移行以降ずっと失敗しており、終了コードが0だったためアラートが出ず、そのまま証明書の期限が切れた。
jr@2: {svc} は起動時にしか証明書を読み込まないため、新しい証明書がシークレットに入った後も失効した証明書を使い続けた。
jg: 証明書の `notAfter`（{day} {tstart} UTC）を過ぎた。
jg@2: {tstart}（UTC）に旧証明書の有効期限が到来した。
jf: 証明書の期限切れを検知するアラートがなかった。
jf@2: 手動で発行した証明書が管理台帳に載っていなかった。
jx: {oncall} が新しい証明書を発行して `{bucket}` シークレットを更新し、{svc} を再起動した。{tmit} に復旧。
jx@2: 新しい証明書を配布してポッドを再起動し、{tmit} に復旧した。
ja: 期限切れ14日前の証明書アラートを追加
ja@2: すべての証明書を自動更新に移行
je0: {svc2} のログに `certificate has expired` エラー
jem: 新しい証明書を適用し {svc} を再起動

@db-pool | resource exhaustion | database, connection-pool | postgres-main, orders-db, pgbouncer | 5
t: {svc} 5xx errors: database connection pool exhausted
t: Connection pool exhaustion on {dep} slows {svc}
t@2: {svc} stalls waiting for DB connections
t@2: {svc} out of Postgres connections during peak
w: {svc} ran out of database connections to {dep}; requests waited for a connection until they timed out.
w@2: Every slot in the pgbouncer pool was taken, so {svc} couldn't get a DB connection and answered 503.
r: The pool size of {svc} is {limit} per pod; after the autoscaler added pods the total exceeded what {dep} allows.
r: A new report query held its connection inside a long transaction, starving the other requests of connections.
r@2: Long transactions from {svc2} kept connections checked out for minutes, and the shared pool hit max_connections.
r@2: Too many clients: each pod opened its own pool and together they went over the Postgres connection limit.
g: Traffic on {svc} rose {pct}% at {tstart} UTC.
g@2: The {code} campaign started at {tstart} UTC and doubled the request rate.
f: No alert on pool saturation or connection wait time.
f: The acquire timeout was longer than the request timeout.
f@2: Nobody owns the total number of DB connections across pods.
x: We lowered the per-pod pool size and restarted {svc}; errors stopped at {tmit}.
x@2: Killed the long-running queries and disabled the report; the pool drained by {tmit}.
a: Alert on connection wait time for {svc}
a@2: Move reporting queries to a replica with its own pool
e0: First `sorry, too many clients already` in {dep} logs
ei: `pg_stat_activity` full of `idle in transaction`
em: Pool size reduced and {svc} restarted
l: We sized each pool alone and never looked at the total.
kt: {dep} 커넥션 풀 고갈로 {svc} 응답 지연
kt@2: {svc} DB 연결 부족으로 503 오류
kw: {svc}가 {dep}에 대한 커넥션을 모두 소진해 요청이 대기하다 타임아웃되었다.
kw@2: DB 연결이 바닥나 {svc}가 요청을 처리하지 못하고 503을 반환했다.
kr: 파드별 풀 크기({limit})의 합이 오토스케일 이후 DB 최대 커넥션 수를 넘었다.
kr@2: {svc2}의 긴 트랜잭션이 연결을 몇 분씩 잡고 있어서 공유 풀의 연결이 모두 소진되었다.
kg: {tstart}(UTC)에 트래픽이 {pct}% 증가했다.
kg@2: {code} 캠페인이 시작되며 요청량이 두 배가 되었다.
kf: 커넥션 대기 시간에 대한 알림이 없었다.
kf@2: 전체 DB 연결 수를 관리하는 담당자가 없었다.
kx: 파드별 풀 크기를 줄이고 {svc}를 재시작해 {tmit}에 복구됐다.
kx@2: 오래 걸리는 쿼리를 종료하고 리포트 기능을 끄자 {tmit}에 풀이 회복되었다.
ka: 커넥션 대기 시간 알림 추가
ka@2: 리포트 쿼리를 읽기 전용 복제본으로 분리
ke0: {dep} 로그에 `too many clients` 오류
kem: 풀 크기 축소 후 {svc} 재시작
jt: {dep} のコネクションプール枯渇で {svc} が応答遅延
jt@2: {svc} がDB接続数の上限に達し503エラー
jw: {svc} が {dep} への接続を使い果たし、リクエストが接続待ちのままタイムアウトした。
jw@2: DBの接続プールが枯渇し、{svc} は503を返し続けた。
jr: ポッドごとのプールサイズ（{limit}）の合計が、オートスケール後にDBの最大接続数を超えた。
jr@2: {svc2} の長時間トランザクションがコネクションを数分間保持し、共有プールのコネクションがすべて埋まった。
jg: {tstart}（UTC）にトラフィックが {pct}% 増加した。
jg@2: {code} キャンペーン開始でリクエスト数が倍増した。
jf: 接続待ち時間のアラートがなかった。
jf@2: DB接続数の合計を管理する担当者がいなかった。
jx: ポッドごとのプールサイズを減らして {svc} を再起動し、{tmit} に復旧した。
jx@2: 長時間実行中のクエリを停止しレポート機能を無効化したところ、{tmit} にプールが回復した。
ja: 接続待ち時間のアラートを追加
ja@2: レポート用クエリをリードレプリカに分離
je0: {dep} のログに `too many clients` エラー
jem: プールサイズを縮小し {svc} を再起動

@disk-full | capacity | disk, logging | the log shipper, fluent-bit, logrotate | 4
t: {svc} down: disk full on {host}
t: Log volume filled the disks of {svc}
t@2: No space left on device takes out {svc}
t@2: {svc} writes failing after /var filled up
w: The data disk of {host} reached 100% and {svc} could no longer write, so requests failed.
w@2: `/var` on the {svc} hosts ran out of space (`ENOSPC`) and the service stopped accepting writes.
r: Debug logging was left enabled after an investigation and the logs grew by {n} GB an hour until the disk was full.
r: Log rotation had been disabled by a config change, so log files were never deleted.
r@2: A verbose log level shipped in {ver} and nobody turned it back; the partition filled within a day.
r@2: The retention job that prunes old logs silently stopped; logs piled up until no space was left on the device.
g: Disk usage on {host} reached 100% at {tstart} UTC.
g@2: At {tstart} UTC the last free block on `/var` was used.
f: No alert on disk usage.
f@2: Disk space dashboards were not looked at.
x: {oncall} deleted old log files and turned the log level back to info; {svc} recovered at {tmit}.
x@2: Freed space by truncating logs and restored log rotation; writes resumed at {tmit}.
a: Alert at 80% disk usage
a@2: Enforce log retention on every host
e0: `No space left on device` errors in {svc} logs
ei: `df -h` shows 100% on `/var`
em: Old logs removed, log level restored
l: Log volume is capacity we must plan for.
kt: {host} 디스크 가득 참으로 {svc} 장애
kt@2: 로그 폭증으로 {svc} 서버 저장 공간 부족
kw: {host}의 데이터 디스크 사용량이 100%에 도달해 {svc}가 쓰기를 하지 못했다.
kw@2: {svc} 서버의 `/var` 공간이 부족해져 쓰기 요청이 모두 실패했다.
kr: 디버그 로그가 켜진 채로 남아 있어 로그가 시간당 {n}GB씩 늘어 디스크가 가득 찼다.
kr@2: 오래된 로그를 지우는 보관 작업이 멈춰 있어서 로그 파일이 계속 쌓였고 결국 용량이 바닥났다.
kg: {tstart}(UTC)에 {host}의 디스크 사용률이 100%가 되었다.
kg@2: {tstart}(UTC)에 `/var` 파티션의 남은 공간이 0이 되었다.
kf: 디스크 사용량 알림이 없었다.
kf@2: 로그 보관 정책이 적용되지 않았다.
kx: {oncall}님이 오래된 로그를 삭제하고 로그 레벨을 되돌려 {tmit}에 복구했다.
kx@2: 로그를 정리해 공간을 확보하고 로테이션을 복원했다. {tmit}에 쓰기 재개.
ka: 디스크 사용률 80% 알림 추가
ka@2: 모든 호스트에 로그 보관 정책 적용
ke0: {svc} 로그에 `No space left on device` 오류
kem: 오래된 로그 삭제, 로그 레벨 복구
jt: {host} のディスクフルで {svc} 停止
jt@2: ログ肥大化により {svc} サーバーの容量不足
jw: {host} のデータディスク使用率が100%に達し、{svc} が書き込みできなくなった。
jw@2: {svc} サーバーの `/var` の空き容量がなくなり、書き込みがすべて失敗した。
jr: 調査のために有効にしたデバッグログがそのまま残り、ログが1時間に {n}GB ずつ増えてディスクが一杯になった。
jr@2: 古いログを消すローテーション処理が止まっていたため、ログファイルが溜まり続け、ディスク容量が枯渇した。
jg: {tstart}（UTC）に {host} のディスク使用率が100%になった。
jg@2: {tstart}（UTC）に `/var` パーティションの空きがゼロになった。
jf: ディスク使用率のアラートがなかった。
jf@2: ログの保持ポリシーが適用されていなかった。
jx: {oncall} が古いログを削除しログレベルを戻したことで、{tmit} に復旧した。
jx@2: ログを整理して空き容量を確保し、ローテーションを元に戻した。{tmit} に書き込み再開。
ja: ディスク使用率80%でアラート
ja@2: 全ホストにログ保持ポリシーを適用
je0: {svc} のログに `No space left on device`
jem: 古いログを削除しログレベルを復元

@dns | dns | dns, networking | CoreDNS, Route 53, the internal resolver | 4
t: DNS resolution failures break {svc}
t: Bad DNS record change takes {svc} offline
t@2: {svc} can't resolve {svc2} after zone edit
t@2: NXDOMAIN for internal names hits {svc}
w: A change to the internal DNS zone removed the record for `{domain}`, and {svc} could no longer resolve it.
w@2: Lookups of `{domain}` started returning NXDOMAIN, so every call from {svc} to {svc2} failed.
r: A resolver config push removed the forward zone for internal names.
r: The CNAME for `{domain}` was deleted during a cleanup of stale records.
r@2: Someone edited the zone by hand and dropped the A record; resolvers cached the negative answer for an hour.
r@2: The new CoreDNS config had a typo in the upstream block, so names under our internal domain stopped resolving.
g: The DNS change was applied at {tstart} UTC.
g@2: The zone edit went live at {tstart} UTC.
f: DNS changes are not reviewed.
f@2: Negative caching kept the bad answer around after the fix.
x: We restored the record from the previous zone version; resolution worked again at {tmit}.
x@2: Rolled back the resolver config and flushed caches; lookups succeeded from {tmit}.
a: Review every DNS zone change
a@2: Synthetic check that resolves critical internal names
e0: `no such host` errors in {svc} logs
ei: `dig {domain}` returns NXDOMAIN
em: DNS record restored
l: DNS changes need the same review as code.
kt: DNS 조회 실패로 {svc} 장애
kt@2: 도메인 레코드 삭제로 {svc} 접속 불가
kw: 내부 DNS 존 변경으로 `{domain}` 레코드가 사라져 {svc}가 이름을 해석하지 못했다.
kw@2: `{domain}` 조회가 NXDOMAIN을 반환하기 시작해 {svc}에서 {svc2}로의 호출이 모두 실패했다.
kr: 리졸버 설정 배포에서 내부 도메인 포워딩 설정이 빠졌다.
kr@2: 존 파일을 손으로 수정하다 A 레코드를 지웠고, 리졸버가 부정 응답을 한 시간 동안 캐시했다.
kg: {tstart}(UTC)에 DNS 변경이 적용되었다.
kg@2: {tstart}(UTC)에 존 수정이 반영되었다.
kf: DNS 변경에 대한 리뷰가 없었다.
kf@2: 부정 캐시 때문에 수정 후에도 잘못된 응답이 남아 있었다.
kx: 이전 버전의 존에서 레코드를 복구해 {tmit}에 이름 해석이 정상화되었다.
kx@2: 리졸버 설정을 롤백하고 캐시를 비워 {tmit}에 복구했다.
ka: 모든 DNS 존 변경 리뷰
ka@2: 주요 내부 도메인 조회 합성 모니터링 추가
ke0: {svc} 로그에 `no such host` 오류
kem: DNS 레코드 복구
jt: DNSの名前解決失敗で {svc} 障害
jt@2: DNSレコード削除により {svc} に接続できず
jw: 社内DNSゾーンの変更で `{domain}` のレコードが消え、{svc} が名前解決できなくなった。
jw@2: `{domain}` の問い合わせがNXDOMAINを返すようになり、{svc} から {svc2} への呼び出しがすべて失敗した。
jr: リゾルバの設定配布で社内ドメインのフォワード設定が抜けていた。
jr@2: ゾーンファイルを手作業で編集した際にAレコードを消してしまい、リゾルバがその否定応答を1時間キャッシュした。
jg: {tstart}（UTC）にDNS変更が適用された。
jg@2: {tstart}（UTC）にゾーン編集が反映された。
jf: DNS変更のレビューがなかった。
jf@2: ネガティブキャッシュにより修正後も誤った応答が残った。
jx: 以前のゾーンからレコードを戻し、{tmit} に名前解決が正常化した。
jx@2: リゾルバの設定を切り戻しキャッシュをクリアして、{tmit} に復旧した。
ja: すべてのDNSゾーン変更をレビュー
ja@2: 主要な社内ドメインの名前解決を外形監視
je0: {svc} のログに `no such host`
jem: DNSレコードを復元

@memory-leak | software bug | memory, oom | the JVM, the Go runtime, the image library | 4
t: {svc} pods OOMKilled repeatedly
t: Memory leak in {svc} {ver}
t@2: {svc} crashes as heap grows without bound
t@2: Out-of-memory restarts of {svc}
w: {svc} memory grew steadily after {ver} until the pods were OOMKilled, and requests failed during the restarts.
w@2: The heap of {svc} climbed for hours and the kernel killed the process (exit 137) again and again.
r: A cache added in {ver} kept a reference to every request object, so memory was never freed.
r: A goroutine per connection was started and never stopped, leaking memory on each reconnect.
r@2: Objects were registered in a listener map and never removed; the leak added about {n} MB per hour.
r@2: The image library kept decoded buffers alive, so RSS only ever went up until the container hit its memory limit.
g: {ver} was deployed at {tstart} UTC.
g@2: The leaking build reached all pods at {tstart} UTC.
f: No alert on memory growth, only on restarts.
f@2: Load tests ran too briefly to show the leak.
x: We rolled back to {oldver}; memory stayed flat after {tmit}.
x@2: Reverted the change and raised the memory limit temporarily; restarts stopped at {tmit}.
a: Alert on steady memory growth
a@2: Run soak tests for 24 hours before release
e0: First `OOMKilled` pod of {svc}
ei: Heap profile shows retained request objects
em: Rolled back to {oldver}
l: A restart hides a leak until it does not.
kt: {svc} 메모리 누수로 파드 반복 재시작
kt@2: {svc} 메모리 부족(OOM)으로 프로세스 종료
kw: {ver} 배포 이후 {svc}의 메모리가 계속 늘어 파드가 OOMKilled 되었다.
kw@2: {svc}의 힙 메모리가 몇 시간 동안 증가하다 커널이 프로세스를 강제 종료했다.
kr: {ver}에 추가된 캐시가 모든 요청 객체를 참조하고 있어 메모리가 해제되지 않았다.
kr@2: 리스너 맵에 등록된 객체가 제거되지 않아 시간당 {n}MB씩 메모리가 새고 있었다.
kg: {tstart}(UTC)에 {ver}가 배포되었다.
kg@2: {tstart}(UTC)에 문제 빌드가 전체 파드에 적용되었다.
kf: 메모리 증가에 대한 알림이 없었다.
kf@2: 부하 테스트 시간이 짧아 누수가 드러나지 않았다.
kx: {oldver}로 롤백해 {tmit} 이후 메모리가 안정되었다.
kx@2: 변경을 되돌리고 메모리 한도를 임시로 올려 {tmit}에 재시작이 멈췄다.
ka: 메모리 증가 추세 알림 추가
ka@2: 출시 전 24시간 장기 부하 테스트
ke0: {svc} 파드 첫 `OOMKilled`
kem: {oldver}로 롤백
jt: {svc} のメモリリークでポッドが再起動を繰り返す
jt@2: {svc} がメモリ不足（OOM）で強制終了
jw: {ver} のデプロイ後、{svc} のメモリ使用量が増え続け、ポッドがOOMKilledになった。
jw@2: {svc} のヒープが数時間かけて増加し、カーネルがプロセスを強制終了した。
jr: {ver} で追加したキャッシュがすべてのリクエストオブジェクトを参照し続け、メモリが解放されなかった。
jr@2: リスナーのマップに登録したオブジェクトが削除されず、1時間に {n}MB ずつメモリがリークしていた。
jg: {tstart}（UTC）に {ver} をデプロイした。
jg@2: {tstart}（UTC）に問題のビルドが全ポッドに反映された。
jf: メモリ増加のアラートがなかった。
jf@2: 負荷試験の時間が短く、リークが見えなかった。
jx: {oldver} にロールバックし、{tmit} 以降メモリが安定した。
jx@2: 変更を切り戻し、メモリ上限を一時的に引き上げて {tmit} に再起動が止まった。
ja: メモリ増加傾向のアラートを追加
ja@2: リリース前に24時間のエージングテスト
je0: {svc} のポッドが初めて `OOMKilled`
jem: {oldver} にロールバック

@bad-config | configuration | config, deploy | the config service, Consul, the Helm chart | 4
t: Bad config push breaks {svc}
t: Misconfigured timeout in {svc} causes errors
t@2: {svc} outage after a settings change
t@2: Wrong value in {svc} Helm values
w: A configuration change to {svc} set `{cfg}` to an invalid value and the service started rejecting requests.
w@2: We shipped a settings change with the wrong value for `{cfg}`, and {svc} fell over within minutes.
r: The config push changed `{cfg}` from {ms} ms to {n} ms; the value was never validated before rollout.
r: A typo in the config file disabled the upstream list of {svc}.
r@2: The Helm values for production were copied from staging, including a hostname that does not exist in prod.
r@2: Someone edited the setting directly in the config store; there was no review and no schema check.
g: The config change was rolled out at {tstart} UTC.
g@2: The new settings went live at {tstart} UTC.
f: Config changes skip code review.
f@2: No validation of config values before rollout.
x: We reverted the config change; errors stopped at {tmit}.
x@2: Put the old value back and restarted {svc}; fine again by {tmit}.
a: Validate config against a schema in CI
a@2: Require review for production config edits
e0: Config push to {svc} completes
ei: Diff of the config shows the changed `{cfg}`
em: Config reverted
l: Config is code and needs the same checks.
kt: 잘못된 설정 배포로 {svc} 장애
kt@2: {svc} 설정값 오류로 요청 실패
kw: {svc} 설정 변경으로 `{cfg}` 값이 잘못 들어가 서비스가 요청을 거부했다.
kw@2: 잘못된 값이 들어간 설정이 반영되면서 몇 분 만에 {svc}가 멈췄다.
kr: 설정 배포에서 `{cfg}` 값이 검증 없이 변경되었다.
kr@2: 운영 환경 Helm 값을 스테이징에서 복사하면서 존재하지 않는 호스트 이름까지 들어갔다.
kg: {tstart}(UTC)에 설정 변경이 배포되었다.
kg@2: {tstart}(UTC)에 새 설정이 반영되었다.
kf: 설정 변경은 코드 리뷰를 거치지 않는다.
kf@2: 배포 전 설정값 검증이 없었다.
kx: 설정 변경을 되돌려 {tmit}에 오류가 멈췄다.
kx@2: 이전 값으로 복구하고 {svc}를 재시작해 {tmit}에 정상화됐다.
ka: CI에서 설정 스키마 검증
ka@2: 운영 설정 변경 시 리뷰 필수화
ke0: {svc} 설정 배포 완료
kem: 설정 원복
jt: 誤った設定の配布で {svc} 障害
jt@2: {svc} の設定値ミスでリクエスト失敗
jw: {svc} の設定変更で `{cfg}` に不正な値が入り、サービスがリクエストを拒否した。
jw@2: 誤った値を含む設定が反映され、数分で {svc} が停止した。
jr: 設定配布で `{cfg}` の値が検証されないまま変更された。
jr@2: 本番環境のHelmの値をステージングからコピーしたため、存在しないホスト名まで入っていた。
jg: {tstart}（UTC）に設定変更が配布された。
jg@2: {tstart}（UTC）に新しい設定が反映された。
jf: 設定変更はコードレビューを経ていない。
jf@2: 配布前の設定値チェックがなかった。
jx: 設定変更を元に戻し、{tmit} にエラーが止まった。
jx@2: 以前の値に戻して {svc} を再起動し、{tmit} に正常化した。
ja: CIで設定のスキーマを検証
ja@2: 本番設定の変更にレビューを必須化
je0: {svc} への設定配布が完了
jem: 設定を切り戻し

@queue-backlog | capacity | kafka, queues | Kafka, RabbitMQ, SQS | 3
t: Kafka consumer lag delays {svc}
t: Queue backlog on {queue}
t@2: {svc} events hours behind
t@2: Messages pile up in {queue}
w: Consumers of `{topic}` fell behind and the backlog grew to {big} messages, delaying {svc} by hours.
w@2: Events for {svc} were processed hours late because the consumer group could not keep up.
r: A slow downstream call made each message take seconds, and consumers could not keep up with producers.
r: The consumer group kept rebalancing after a deploy, so no partition was processed for long.
r@2: We added partitions but not consumers; lag climbed to {big} messages before anyone looked.
r@2: A poison message was retried forever and blocked its partition.
g: Producer traffic doubled at {tstart} UTC.
g@2: At {tstart} UTC the consumers stopped committing offsets.
f: No alert on consumer lag.
f@2: Retries had no limit and no dead-letter queue.
x: We scaled the consumers and skipped the bad message; the backlog cleared by {tmit}.
x@2: Added consumers and moved the poison message to a dead-letter queue; caught up at {tmit}.
a: Alert on consumer lag
a@2: Add a dead-letter queue
e0: Consumer lag on `{topic}` starts growing
ei: Consumer group shows constant rebalancing
em: Consumers scaled out
l: Lag is the first signal of a stuck consumer.
kt: {queue} 메시지 적체로 {svc} 처리 지연
kt@2: 카프카 컨슈머 지연으로 {svc} 이벤트 밀림
kw: `{topic}` 컨슈머가 뒤처져 적체가 {big}건까지 늘었고 {svc} 처리가 몇 시간 지연되었다.
kw@2: 컨슈머 그룹이 처리 속도를 따라가지 못해 {svc} 이벤트가 몇 시간씩 늦게 처리되었다.
kr: 느린 하위 호출 때문에 메시지 하나 처리에 몇 초가 걸려 컨슈머가 생산 속도를 따라가지 못했다.
kr@2: 처리할 수 없는 메시지가 무한히 재시도되며 파티션을 막았다.
kg: {tstart}(UTC)에 프로듀서 트래픽이 두 배가 되었다.
kg@2: {tstart}(UTC)에 컨슈머가 오프셋 커밋을 멈췄다.
kf: 컨슈머 지연 알림이 없었다.
kf@2: 재시도 제한과 데드 레터 큐가 없었다.
kx: 컨슈머를 늘리고 문제 메시지를 건너뛰어 {tmit}에 적체가 해소되었다.
kx@2: 컨슈머를 추가하고 문제 메시지를 데드 레터 큐로 옮겨 {tmit}에 따라잡았다.
ka: 컨슈머 지연 알림 추가
ka@2: 데드 레터 큐 추가
ke0: `{topic}` 컨슈머 지연 증가 시작
kem: 컨슈머 확장
jt: {queue} のメッセージ滞留で {svc} の処理遅延
jt@2: Kafkaコンシューマーの遅れで {svc} のイベントが滞る
jw: `{topic}` のコンシューマーが遅れ、滞留が {big} 件まで増えて {svc} の処理が数時間遅延した。
jw@2: コンシューマグループが処理に追いつけず、{svc} のイベント処理が数時間遅れた。
jr: 下流の呼び出しが遅く、1件の処理に数秒かかったため、コンシューマーが生産速度に追いつけなかった。
jr@2: 処理できないメッセージが無限にリトライされ、パーティションを塞いでいた。
jg: {tstart}（UTC）にプロデューサーのトラフィックが倍増した。
jg@2: {tstart}（UTC）にコンシューマーがオフセットのコミットを止めた。
jf: コンシューマー遅延のアラートがなかった。
jf@2: リトライ上限とデッドレターキューがなかった。
jx: コンシューマーを増やし問題のメッセージをスキップして、{tmit} に滞留が解消した。
jx@2: コンシューマーを追加し問題のメッセージをデッドレターキューへ移して、{tmit} に追いついた。
ja: コンシューマー遅延のアラートを追加
ja@2: デッドレターキューを追加
je0: `{topic}` のコンシューマー遅延が増加開始
jem: コンシューマーをスケールアウト

@clock-skew | time | ntp, time | chrony, NTP, the hypervisor clock | 3
t: Clock skew on {host} breaks token validation in {svc}
t: NTP failure causes time drift on {svc} hosts
t@2: {svc} rejects valid tokens: server clock wrong
t@2: Hosts of {svc} drifted minutes off
w: The clock of {host} drifted {n} minutes ahead, so {svc} rejected tokens as not yet valid.
w@2: Time on the {svc} hosts was minutes off and signed requests failed validation.
r: NTP traffic was blocked by a firewall change, and chrony stopped correcting the clock.
r: The hosts used a single time source that went offline, and the clocks drifted for days.
r@2: After a hypervisor migration the VM clock jumped; nothing re-synced it because chronyd had crashed.
r@2: Our time sync pointed at a decommissioned NTP server, so drift accumulated until token checks failed.
g: The drift passed the {n}-minute token tolerance at {tstart} UTC.
g@2: At {tstart} UTC the skew grew beyond what token validation allows.
f: No alert on clock offset.
f@2: Only one NTP source configured.
x: We restored NTP access and stepped the clock; validation succeeded from {tmit}.
x@2: Forced a time sync on every host; errors stopped at {tmit}.
a: Alert when clock offset exceeds 1 second
a@2: Configure three independent time sources
e0: `token used before issued` errors in {svc}
ei: `chronyc tracking` shows a large offset
em: Clock re-synchronised
l: Time is a dependency like any other.
kt: {host} 시간 불일치로 {svc} 토큰 검증 실패
kt@2: NTP 동기화 실패로 {svc} 서버 시각 오차
kw: {host}의 시계가 {n}분 앞서가 {svc}가 토큰을 아직 유효하지 않다고 거부했다.
kw@2: {svc} 서버의 시각이 몇 분씩 어긋나 서명된 요청 검증이 실패했다.
kr: 방화벽 변경으로 NTP 트래픽이 막혀 시간 동기화가 멈췄다.
kr@2: 하이퍼바이저 이전 후 VM 시계가 튀었는데 chronyd가 죽어 있어 다시 맞춰지지 않았다.
kg: {tstart}(UTC)에 시간 차이가 토큰 허용 범위를 넘었다.
kg@2: {tstart}(UTC)에 시각 오차가 검증 허용치를 초과했다.
kf: 시각 오차에 대한 알림이 없었다.
kf@2: NTP 서버가 하나뿐이었다.
kx: NTP 접근을 복구하고 시계를 맞춰 {tmit}에 검증이 정상화되었다.
kx@2: 모든 호스트에서 강제로 시간 동기화를 해 {tmit}에 오류가 멈췄다.
ka: 시각 오차 1초 초과 시 알림
ka@2: 독립된 시간 소스 3개 설정
ke0: {svc}에서 `token used before issued` 오류
kem: 시계 재동기화
jt: {host} の時刻ずれで {svc} のトークン検証失敗
jt@2: NTP同期の失敗で {svc} サーバーの時刻がずれる
jw: {host} の時計が {n} 分進み、{svc} がトークンをまだ有効でないとして拒否した。
jw@2: {svc} サーバーの時刻が数分ずれ、署名付きリクエストの検証が失敗した。
jr: ファイアウォールの変更でNTP通信が遮断され、時刻同期が止まった。
jr@2: ハイパーバイザー移行後にVMの時計が飛んだが、chronydが落ちていて再同期されなかった。
jg: {tstart}（UTC）に時刻差がトークンの許容範囲を超えた。
jg@2: {tstart}（UTC）に時刻のずれが検証の許容値を超過した。
jf: 時刻のずれに対するアラートがなかった。
jf@2: NTPサーバーが1台だけだった。
jx: NTPへの通信を復旧して時計を合わせ、{tmit} に検証が正常化した。
jx@2: 全ホストで時刻同期を強制し、{tmit} にエラーが止まった。
ja: 時刻のずれが1秒を超えたらアラート
ja@2: 独立した時刻ソースを3つ設定
je0: {svc} で `token used before issued` エラー
jem: 時計を再同期
"""

# Japanese boilerplate shared by all families (the Korean format's K_* pools).
J_POOLS = {
    "SUMMARY_OPEN": [
        "{day} {tstart}〜{tres}（UTC）の約 {dur} の間、{svc} で障害が発生した。",
        "本書は {day} に発生した {svc} の障害をまとめたものである。",
        "{day} {tstart}（UTC）から {svc} がエラーを返し始めた。",
    ],
    "SUMMARY_CLOSE": [
        "検知までに {ttd} かかり、{tres}（UTC）に完全復旧した。",
        "データの損失はなかった。",
        "{tdet} に {sev} を宣言し、{team} チームが対応を主導した。",
        "{cust} と {cust2} への影響が最も大きかった。",
        "インシデント指揮は {ic}、一次オンコールは {oncall} が担当した。",
    ],
    "IMPACT": [
        "{svc} へのリクエストの {pct}% が {dur} の間失敗した。",
        "顧客からの問い合わせが {n} 件あった。",
        "{svc2} のp99レイテンシが {ms}ms から {n} 秒に悪化した。",
        "約 {big} 件の処理が遅れたが、復旧後に自動で再処理された。",
        "ステータスページに {dur} の間、部分的な障害と表示された。",
        "{svc3} は影響を受けなかった。",
    ],
    "DETECT": [
        "{alert} のアラートが {tdet} にオンコール（{oncall}）を呼び出した。",
        "顧客からの問い合わせで初めて認識した。最初の問い合わせは {tdet} だった。",
        "{region2} から実行している外形監視が連続して失敗し、{tdet} に呼び出しがあった。",
    ],
    "EVENTS_DETECT": ["{alert} アラート発報、{oncall} を呼び出し", "{cust} から最初の問い合わせ",
                      "外形監視 `{svc}-smoke` 失敗"],
    "EVENTS_MID": [
        "{oncall} が呼び出しに応答",
        "障害チャンネル `#inc-{day}-{svc}` を開設",
        "{ic} がインシデント指揮を担当",
        "ステータスページ更新：{svc} のエラーを調査中",
        "{team} チームのオンコールが参加",
        "{svc2} の直近のデプロイを戻したが変化なし",
        "ダッシュボードで {svc} のエラー率 {pct}% を確認",
        "{svc} のポッドを {n} 台再起動、変化なし",
    ],
    "EVENTS_EXTRA": [
        "{oncall}：直前の対処後もエラー率 {pct}% のまま",
        "中間報告：{ic} が関係者に状況を共有",
        "`{metric}` のグラフをチャンネルに共有",
        "カスタマーサポートが案内文を掲載",
        "`{host}` のログを {ticket} に添付",
    ],
    "EVENTS_END": ["エラー率の正常化を確認、監視継続", "障害終了を宣言、ステータスページを更新",
                   "溜まっていた処理の完了を確認"],
    "FACTORS": [
        "{svc} の運用手順書が {oldyear} 年以降更新されていなかった。",
        "アラートの閾値が現在のトラフィック規模に合っていなかった。",
        "オンコール担当者が {svc} を扱った経験がなかった。",
        "{svc2} の担当チームが組織変更後に不明確だった。",
    ],
    "ACTIONS": [
        "{svc} の運用手順書を更新",
        "{alert} アラートに `{dash}` ダッシュボードのリンクを追加",
        "{svc} の障害対応訓練を実施",
        "{svc2} の担当チームを明確化",
    ],
    "WELL": ["障害チャンネルがすぐに開かれ、役割分担が明確だった。", "ロールバック手順が文書どおりに動いた。",
             "顧客への告知が早かった。"],
    "WRONG": ["顧客からの問い合わせで初めて障害に気づいた。",
              "ダッシュボードが散在していて原因の特定が遅れた。",
              "最初の仮説が外れて {mins} 分を無駄にした。"],
    "LUCKY": ["トラフィックの少ない時間帯だった。", "ちょうど担当者が勤務中だった。"],
    "RES_FOLLOW": [
        "恒久対策は {day2} にデプロイし、{ticket} で追跡している。",
        "安定後 {hours} 時間の追加監視を経て障害をクローズした。",
    ],
    "UPDATES": ["追記：{day2} に本番環境で修正を確認した。"],
    "RC_EXTRA": ["振り返りで判明した追加要因：{svc2} が失敗した呼び出しを3回ずつ再試行していた。"],
    "LESSON_EXTRA": ["確証を待って障害宣言を遅らせたことが対応を遅らせた。"],
}

# Headings of the Korean and Japanese formats.
HEADINGS = {
    "ko": {"summary": "요약", "impact": "영향", "timeline": "타임라인",
           "root": ("근본 원인", "근본 원인", "장애 원인"), "trigger": "트리거",
           "resolution": ("대응", "해결", "조치 내용"), "factors": "기여 요인",
           "actions": "재발 방지", "lessons": "교훈", "time": "| 시각 (UTC) | 내용 |",
           "day": "**{day}** (UTC)", "act_head": "| 항목 | 유형 | 담당 | 이슈 | 상태 |",
           "lesson_names": ("잘된 점", "아쉬운 점", "운이 좋았던 점"),
           "deploy": "{svc} {ver} 배포 시작", "logs": "부록: 로그"},
    "ja": {"summary": "概要", "impact": "影響", "timeline": "タイムライン",
           "root": ("根本原因", "原因", "発生原因"), "trigger": "トリガー",
           "resolution": ("対応", "復旧対応", "対応内容"), "factors": "寄与要因",
           "actions": "再発防止策", "lessons": "教訓", "time": "| 時刻 (UTC) | 内容 |",
           "day": "**{day}**（UTC）", "act_head": "| 項目 | 種別 | 担当 | チケット | 状態 |",
           "lesson_names": ("良かった点", "悪かった点", "幸運だった点"),
           "deploy": "{svc} {ver} のデプロイ開始", "logs": "付録：ログ"},
}
