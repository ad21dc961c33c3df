//! Action items as postmortems write them, in our own words.

use super::super::blocks::extract as blocks_of;
use super::*;

fn items(md: &str) -> Vec<ActionItem> {
    let (blocks, _) = blocks_of(md);
    let refs: Vec<(usize, &Block)> = blocks.iter().map(|b| (b.offset, &b.block)).collect();
    extract(&refs)
}

#[test]
fn task_list_with_owner_priority_due() {
    let a = items("- [ ] @dana.kim — add expiry alert for internal certs (P1, 2026-05-24)\n- [x] @li rotate cert\n- ~~retire old proxy~~\n");
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].owner.as_deref(), Some("dana.kim"));
    assert_eq!(a[0].priority.as_deref(), Some("P1"));
    assert_eq!(a[0].due.as_deref(), Some("2026-05-24"));
    assert_eq!(a[0].text, "add expiry alert for internal certs");
    assert!(!a[0].done);
    assert!(a[1].done);
    assert!(a[2].done);
    assert_eq!(a[2].owner, None);
}

#[test]
fn google_table() {
    let md = "| Action Item | Type | Owner | Bug | Status |\n|---|---|---|---|---|\n| Add cert expiry alerting | prevent | jennifer | OPS-12 | DONE |\n| Document rollback | process | | OPS-13 | In progress |\n| Update playbook | mitigate | martym | n/a **TODO** | |\n";
    let a = items(md);
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].kind, ActionType::Prevent);
    assert!(a[0].done);
    assert_eq!(a[0].bug.as_deref(), Some("OPS-12"));
    assert_eq!(a[1].owner, None);
    assert!(!a[1].done);
    assert_eq!(a[2].kind, ActionType::Mitigate);
    assert!(!a[2].done);
}

#[test]
fn plain_bullets_subheadings_and_details() {
    let md = "## Follow-ups\n### Prevent\n- Add connection pool metrics (owner: Dana Kim, due 2025-02-01)\n  - see dashboard\n### 완화\n- 인증서 만료 알림 추가 (담당: 김민수, 2024-07-01)\n";
    let a = items(md);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].kind, ActionType::Prevent);
    assert_eq!(a[0].owner.as_deref(), Some("Dana Kim"));
    assert_eq!(a[0].due.as_deref(), Some("2025-02-01"));
    assert_eq!(a[1].kind, ActionType::Mitigate);
    assert_eq!(a[1].owner.as_deref(), Some("김민수"));
}

#[test]
fn trailing_done_markers() {
    let a = items("- Fix it (owner: A B, due 2025-02-01) — done\n- Fix that — done 2025-03-02\n- Done criteria for rollout\n- Investigate the undone work\n");
    assert!(a[0].done && a[1].done);
    assert!(!a[2].done && !a[3].done);
    assert_eq!(a[1].due, None, "the date says when it was done");
    assert_eq!(a[1].text, "Fix that");
    assert_eq!(a[0].due.as_deref(), Some("2025-02-01"));
}

#[test]
fn cjk_tables_skip_the_number_column() {
    let md = "## 対策\n| # | アクション | 担当 | 期限 | 状態 |\n|---|---|---|---|---|\n| 1 | 監視を追加 | sre | 2030-01-10 | **完了** |\n| 2 | 手順書を更新 | ops | 2030-02-01 | 未着手 |\n";
    let a = items(md);
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].text, "監視を追加");
    assert_eq!(a[0].owner.as_deref(), Some("sre"));
    assert_eq!(a[0].due.as_deref(), Some("2030-01-10"));
    assert!(a[0].done && !a[1].done);
    let md = "## 후속 조치\n| # | 항목 | 판정 | 링크 |\n|---|---|---|---|\n| 1 | 알림 완료 이벤트 추가 | 백로그 | [PR](https://git.test/p/9) |\n| 2 | 타임아웃 축소 | 반영 | — |\n";
    let a = items(md);
    assert!(
        !a[0].done,
        "완료 inside the item's own text is not its status"
    );
    assert_eq!(a[0].bug.as_deref(), Some("https://git.test/p/9"));
    assert!(a[1].done);
}

#[test]
fn inline_labels_full_width_and_done_dates() {
    let a = items("## 対策\n- [ ] 配信時刻を管理（担当: growth、期限: 2030-03-05）\n- [x] 更新を移す — 完了: 2030-03-01\n- [ ] 알림 추가 담당: 박서준, 기한: 2030-04-02\n- [ ] Write the runbook. Owner: Mia Chen, Due: Mar 9, 2030\n");
    assert_eq!(a[0].owner.as_deref(), Some("growth"));
    assert_eq!(a[0].due.as_deref(), Some("2030-03-05"));
    assert_eq!(a[1].due, None, "a completion date is not a due date");
    assert!(a[1].done);
    assert_eq!(a[2].owner.as_deref(), Some("박서준"));
    assert_eq!(a[2].due.as_deref(), Some("2030-04-02"));
    assert_eq!(a[3].owner.as_deref(), Some("Mia Chen"));
    assert_eq!(a[3].due.as_deref(), Some("2030-03-09"));
}

#[test]
fn links_and_sub_bullets() {
    let a = items("## Follow-ups\n1. Cap retries ([#41](https://git.test/i/41))\n2. Shorter timeouts\n   - [PR](https://git.test/p/52)\n   - merged last week\n");
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].bug.as_deref(), Some("https://git.test/i/41"));
    assert_eq!(a[1].bug.as_deref(), Some("https://git.test/p/52"));
}

#[test]
fn headings_that_say_done_and_paragraph_items() {
    let md = "## Remediation\n### Immediate (Completed)\n- Raise the limit\n### Later\n- Split the job\n- ✅ Page the owner\n\n**Action item:** watch the queue after releases.\n### Investigation\nFind out which jobs leave files behind.\n";
    let a = items(md);
    let texts: Vec<&str> = a.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(texts.len(), 5, "{texts:?}");
    assert!(a[0].done && !a[1].done && a[2].done);
    assert!(texts[3].starts_with("watch the queue"), "{texts:?}");
    assert!(!a[3].done);
    assert_eq!(texts[4], "Find out which jobs leave files behind.");
    let a = items("## Prevention Measures Implemented\n- Refuse to start without fonts\n## Action Items\n- Lower the cache time\n");
    assert!(a[0].done && !a[1].done);
    let a = items("## Corrective actions\n\nOne paragraph that is the whole plan.\n");
    assert_eq!(a.len(), 1);
    let a = items("## Corrective actions\n\nWe will do this:\n\nAnd more prose.\n");
    assert!(a.is_empty(), "several paragraphs are prose, not an item");
}

#[test]
fn a_label_and_a_worded_priority_are_not_the_item_text() {
    let it =
        items("- **Action Item**: Add a circuit breaker for upstream calls. [Priority: High]\n");
    assert_eq!(
        it[0].text.as_str(),
        "Add a circuit breaker for upstream calls."
    );
    assert_eq!(it[0].priority.as_deref(), Some("High"));
}
