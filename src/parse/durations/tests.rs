//! Durations as postmortems state them, in our own words.

use super::*;

fn read(lines: &[&str]) -> Durations {
    compute(&Meta::default(), lines).0
}

#[test]
fn amounts_as_written() {
    assert_eq!(parse_amount("19 hours 43 minutes."), Some(1183));
    assert_eq!(parse_amount("13+ hours"), Some(780));
    assert_eq!(parse_amount("~2h"), Some(120));
    assert_eq!(parse_amount("approximately 49 minutes"), Some(49));
    assert_eq!(parse_amount("About 3 hours"), Some(180));
    assert_eq!(parse_amount("1d 4h"), Some(1680));
    assert_eq!(parse_amount("2시간 30분"), Some(150));
    assert_eq!(parse_amount("약 2시간"), Some(120));
    assert_eq!(parse_amount("3時間"), Some(180));
    assert_eq!(parse_amount("約1時間30分"), Some(90));
    assert_eq!(parse_amount("45 min"), Some(45));
    assert_eq!(parse_amount("overnight"), None);
    assert_eq!(parse_amount("54 hours 10 minutes"), Some(3250));
    assert_eq!(parse_amount("11 Days"), Some(15840));
    assert_eq!(parse_amount("8 minutes"), Some(8));
    assert_eq!(parse_amount("1 minutes"), Some(1));
    assert_eq!(parse_amount("148"), Some(148));
    assert_eq!(parse_amount("1h 20m"), Some(80));
    assert_eq!(parse_amount("1.5 hours"), Some(90));
    assert_eq!(parse_amount("2일 3시간"), Some(3060));
    assert_eq!(parse_amount("45분"), Some(45));
    assert_eq!(parse_amount("279 minutes [^3]"), Some(279));
    assert_eq!(
        parse_amount("1 hour 12 minutes (alert fired late)"),
        Some(72)
    );
    for unknown in [
        "?",
        "???",
        "N/A",
        "YYY",
        "53? minutes",
        "",
        "unknown",
        "TBD",
    ] {
        assert_eq!(parse_amount(unknown), None, "{unknown}");
    }
}

#[test]
fn amounts_in_more_shapes() {
    // Glued terms, words for numbers, halves.
    assert_eq!(parse_amount("~3h15m"), Some(195));
    assert_eq!(parse_amount("roughly five hours"), Some(300));
    assert_eq!(parse_amount("forty-five minutes"), Some(45));
    assert_eq!(parse_amount("an hour and a half"), Some(90));
    assert_eq!(parse_amount("half an hour"), Some(30));
    assert_eq!(parse_amount("2時間半"), Some(150));
    assert_eq!(parse_amount("3 hours, 5 minutes and 30 seconds"), Some(186));
    // Seconds round to the nearest minute.
    assert_eq!(parse_amount("4분 31초"), Some(5));
    assert_eq!(parse_amount("1分 10秒"), Some(1));
    // Spaced CJK, trailing notes, weeks.
    assert_eq!(parse_amount("約 25 分（初回アラートまで）"), Some(25));
    assert_eq!(parse_amount("약 1일 2시간이 걸림"), Some(1560));
    assert_eq!(parse_amount("約 2 週間の遅延"), Some(20160));
    assert_eq!(parse_amount("約 **3 日間 (= 72 時間)**"), Some(4320));
    assert_eq!(parse_amount("≒ 24 時間以上（推定）"), Some(1440));
    assert_eq!(parse_amount("推定 2 週間以上"), Some(20160));
    // A range of lengths is no single length.
    assert_eq!(parse_amount("約 11〜13 時間"), None);
    // The length after its starting point.
    assert_eq!(parse_amount("最初のアラートから ~12 分"), Some(12));
    assert_eq!(parse_amount("배포부터 약 2시간"), Some(120));
    assert_eq!(parse_amount("13:00から14:00まで"), None);
    // A range with its length in parentheses.
    assert_eq!(parse_amount("08:05 - 09:50 UTC (1h 45m)"), Some(105));
    assert_eq!(
        parse_amount("2024-05-01 → 2024-05-02 (**1일 4시간**)"),
        Some(1680)
    );
    // Never a number that only looks right.
    assert_eq!(parse_amount("08:05 - 09:50 UTC"), None);
    assert_eq!(parse_amount("3 regions"), None);
    assert_eq!(parse_amount("2024-05-01"), None);
    assert_eq!(parse_amount("a few hours"), None);
    assert_eq!(parse_amount("several days"), None);
    assert_eq!(parse_amount("10 12"), None);
    assert_eq!(parse_amount("5 hosts"), None);
}

#[test]
fn stats_lines() {
    let lines = [
        "- Category: Kubernetes",
        "- Time to detection: 8 minutes",
        "- Time to recovery:  25 minutes",
        "**Time to mitigation:** 1 hour",
    ];
    let d = read(&lines);
    assert_eq!(d.minutes_to_detect, Some(8));
    assert_eq!(d.minutes_to_mitigate, Some(60));
    assert_eq!(d.minutes_to_resolve, Some(25));
    // A definition without a colon: the value follows the `=`.
    let k = read(&["- **총 다운타임**(T0 → 정상) = **6분 40초** = MTTD + MTTR"]);
    assert_eq!(k.minutes_total, Some(7));
    assert_eq!(d.minutes_total, None);
    let d = read(&["- 탐지 시간: 12분", "| 복구 시간 | 2시간 |"]);
    assert_eq!(d.minutes_to_detect, Some(12));
    assert_eq!(d.minutes_to_resolve, Some(120));
}

#[test]
fn the_stated_duration_is_its_own_field() {
    let d = read(&["**Duration**: 2d 6h", "**Status**: closed"]);
    assert_eq!(d.minutes_total, Some(3240));
    assert_eq!(d.minutes_to_resolve, None);
    let d = read(&[
        "**Outage duration:** 3 hours 5 minutes (01:00 - 04:05 UTC)  ",
        "**Detection delay:** 40 minutes",
    ]);
    assert_eq!(d.minutes_total, Some(185));
    assert_eq!(d.minutes_to_detect, Some(40));
    assert_eq!(read(&["- 장애 시간: 1시간 5분"]).minutes_total, Some(65));
    assert_eq!(read(&["| 障害時間 | 約 15 分 |"]).minutes_total, Some(15));
    assert_eq!(read(&["- **기간**: 3일"]).minutes_total, Some(4320));
}

#[test]
fn tables_key_value_and_single_row() {
    let d = read(&[
        "| 項目 | 内容 |",
        "|---|---|",
        "| 検知までの時間 | 7 分 |",
        "| 影響時間 | 約2時間（09:00〜11:00） |",
    ]);
    assert_eq!(d.minutes_to_detect, Some(7));
    assert_eq!(d.minutes_total, Some(120));
    let one_row = [
        "| Region | Users | Outage Duration |",
        "|:--:|:--:|:--:|",
        "| us-east | 12% | 2h 5m |",
        "",
    ];
    assert_eq!(read(&one_row).minutes_total, Some(125));
    // Several rows: one length per row is no length of the incident.
    let many = [
        "| Step | Duration |",
        "|---|---|",
        "| drain | 5m |",
        "| restore | 40m |",
    ];
    assert_eq!(read(&many).minutes_total, None);
}

#[test]
fn two_mttds_take_the_one_to_the_first_alert() {
    let d = read(&[
        "- **MTTD(사용자 인지)** = 시작 → 첫 문의(09:10:00): **1시간**",
        "- **MTTD(알람)** = 시작(09:00:00) → 첫 알람(09:04:40): **4분 40초**",
        "- **MTTR** = 알람 → 정상(09:30:00): **약 25분**",
    ]);
    assert_eq!(d.minutes_to_detect, Some(5));
    assert_eq!(d.minutes_to_resolve, Some(25));
    let d = read(&[
        "- 検知までの時間（MTTD）: 6分",
        "- 復旧までの時間（MTTR）: 2時間",
    ]);
    assert_eq!(d.minutes_to_detect, Some(6));
    assert_eq!(d.minutes_to_resolve, Some(120));
}

#[test]
fn unreadable_values_are_reported_not_guessed() {
    let (d, issues) = compute(
        &Meta::default(),
        &["**Duration:** most of the afternoon", "Time to recovery: ?"],
    );
    assert_eq!(d, Durations::default());
    assert_eq!(issues.len(), 1, "a `?` is an honest unknown");
    assert!(issues[0].message.contains("most of the afternoon"));
    let (_, issues) = compute(
        &Meta::default(),
        &[
            "| 影響時間 | 不明（開始時刻が特定できない） |",
            "- Duration: Unknown → fixed",
        ],
    );
    assert!(issues.is_empty());
    // Per-incident durations of a combined report are no single total.
    let (d, issues) = compute(
        &Meta::default(),
        &["**Duration:** 20 minutes", "text", "**Duration:** 1 hour"],
    );
    assert_eq!(d.minutes_total, None);
    assert_eq!(issues.len(), 1);
}

#[test]
fn prose_where_a_document_states_its_length() {
    let lead = [
        "# Login outage",
        "",
        "On May 2 logins failed for two customers, lasting 1 hour and 5 minutes, from 10:00 to 11:05 UTC.",
    ];
    assert_eq!(read(&lead).minutes_total, Some(65));
    let summary = [
        "## Summary",
        "Uploads failed for all new users for roughly six hours in total.",
        "## Action items",
        "- Alert when errors exceed 5% for 10 minutes",
    ];
    assert_eq!(read(&summary).minutes_total, Some(360));
    let restored = ["## Overview", "Service was restored after about an hour."];
    assert_eq!(read(&restored).minutes_total, Some(60));
    // Thresholds in action items and lengths in other sections are not it.
    let elsewhere = [
        "## Action items",
        "- Page when the queue is stuck for 15 minutes",
        "## Root cause",
        "The cache kept stale entries for 12 hours.",
    ];
    assert_eq!(read(&elsewhere).minutes_total, None);
    assert_eq!(
        read(&["## Summary", "Search was slow for a while."]).minutes_total,
        None
    );
    let seconds = ["A bad peer was banned for 10 seconds."];
    assert_eq!(read(&seconds).minutes_total, None);
}

#[test]
fn detection_in_prose() {
    let d = read(&[
        "## Summary",
        "- Nobody was paged; a customer noticed after 25 minutes.",
    ]);
    assert_eq!(d.minutes_to_detect, Some(25));
    let d = read(&["### Detection: The latency alert paged on-call 3 minutes after the deploy."]);
    assert_eq!(d.minutes_to_detect, Some(3));
    let d = read(&[
        "## What went wrong",
        "1. It was 2 hours before we realised jobs were stuck.",
    ]);
    assert_eq!(d.minutes_to_detect, Some(120));
    assert_eq!(
        read(&["- アラートが鳴らず、検知まで 50 分かかった"]).minutes_to_detect,
        Some(50)
    );
    assert_eq!(
        read(&["인지까지 약 3시간이 걸렸다."]).minutes_to_detect,
        Some(180)
    );
    let d = read(&[
        "## 検知",
        "- 監視ではなく問い合わせで検知。発生から約 2 日後",
    ]);
    assert_eq!(d.minutes_to_detect, Some(2880));
    let d = read(&["## 감지", "사용자 제보로 발생 후 40분 만에 알게 되었다."]);
    assert_eq!(d.minutes_to_detect, Some(40));
    // Outside a detection section the same words say nothing.
    assert_eq!(
        read(&["## 影響", "発生から約 2 日後に復旧"]).minutes_to_detect,
        None
    );
    // A labelled value wins over prose.
    let d = read(&[
        "A user noticed after 9 minutes.",
        "- Time to detect: 4 minutes",
    ]);
    assert_eq!(d.minutes_to_detect, Some(4));
}

#[test]
fn front_matter_timestamps_win_and_bad_order_is_reported() {
    let meta = Meta {
        written: crate::model::Written {
            started: Some("2024-03-12T14:00:00Z".into()),
            detected: Some("2024-03-12 14:19 UTC".into()),
            resolved: Some("2024-03-12T23:30:00+09:00".into()),
            mitigated: Some("2024-03-12T13:00:00Z".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let (d, issues) = compute(&meta, &["Time to detection: 99 minutes"]);
    assert_eq!(d.minutes_to_detect, Some(19));
    assert_eq!(d.minutes_to_resolve, Some(30));
    assert_eq!(d.minutes_to_mitigate, None);
    assert_eq!(issues.len(), 1);
}

#[test]
fn affected_is_a_duration_only_when_its_value_is_one() {
    let (d, issues) = compute(
        &Meta::default(),
        &["Affected: merchant dashboard logins with SMS two-factor"],
    );
    assert_eq!(d, Durations::default());
    assert!(issues.is_empty(), "who was affected is no unreadable time");
    assert_eq!(
        read(&["**Time affected:** 2h 10m"]).minutes_total,
        Some(130)
    );
    assert_eq!(read(&["Affected: 45 minutes"]).minutes_total, Some(45));
    let (_, issues) = compute(&Meta::default(), &["Time affected: most of it"]);
    assert_eq!(issues.len(), 1, "`Time affected` names a duration");
}
