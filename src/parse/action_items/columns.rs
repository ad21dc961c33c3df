//! Which column of an action-item table holds what, from its header row
//! (English, Korean and Japanese names; a `#` column is never the text).

/// Column roles in an action-item table.
#[derive(Default)]
pub(super) struct Columns {
    pub(super) text: Option<usize>,
    pub(super) kind: Option<usize>,
    pub(super) owner: Option<usize>,
    pub(super) bug: Option<usize>,
    pub(super) status: Option<usize>,
    pub(super) due: Option<usize>,
    pub(super) priority: Option<usize>,
}

/// A header naming a row number or identifier column ("#", "No.", "ID").
pub(super) fn is_id_header(h: &str) -> bool {
    matches!(
        h.trim().trim_end_matches('.'),
        "" | "#" | "no" | "nr" | "id" | "番号" | "번호" | "순번" | "ref"
    )
}

/// What a column holds.
#[derive(Clone, Copy)]
enum Role {
    Owner,
    Kind,
    Bug,
    Status,
    Due,
    Priority,
    Text,
}

/// Each role's header words, tried in this order: words a header contains,
/// then whole headers too short to look for inside others.
const ROLES: &[(Role, &[&str], &[&str])] = &[
    (
        Role::Owner,
        &["owner", "assignee", "담당", "担当", "オーナー", "責任者"],
        &["who"],
    ),
    (
        Role::Kind,
        &[
            "type",
            "category",
            "유형",
            "분류",
            "カテゴリ",
            "種別",
            "区分",
        ],
        &[],
    ),
    (
        Role::Bug,
        &[
            "bug",
            "ticket",
            "issue",
            "jira",
            "link",
            "티켓",
            "링크",
            "チケット",
            "リンク",
        ],
        &["pr"],
    ),
    (
        Role::Status,
        &[
            "status",
            "state",
            "상태",
            "판정",
            "진행",
            "状態",
            "ステータス",
            "状況",
            "進捗",
        ],
        &["done"],
    ),
    (
        Role::Due,
        &[
            "due", "deadline", "기한", "마감", "期限", "期日", "date", "when",
        ],
        &[],
    ),
    (Role::Priority, &["priority", "우선", "優先"], &["pri"]),
    (
        Role::Text,
        &[
            "action",
            "item",
            "task",
            "description",
            "what",
            "measure",
            "내용",
            "항목",
            "조치",
            "대책",
            "アクション",
            "対応",
            "対策",
            "内容",
            "項目",
            "施策",
            "タスク",
        ],
        &[],
    ),
];

/// The role a lowercased header names, if any.
fn role_of(h: &str) -> Option<Role> {
    let names = |(_, words, whole): &&(Role, &[&str], &[&str])| {
        words.iter().any(|w| h.contains(w)) || whole.contains(&h)
    };
    ROLES.iter().find(names).map(|(role, ..)| *role)
}

impl Columns {
    fn slot(&mut self, role: Role) -> &mut Option<usize> {
        match role {
            Role::Owner => &mut self.owner,
            Role::Kind => &mut self.kind,
            Role::Bug => &mut self.bug,
            Role::Status => &mut self.status,
            Role::Due => &mut self.due,
            Role::Priority => &mut self.priority,
            Role::Text => &mut self.text,
        }
    }

    pub(super) fn from_header(cells: &[String]) -> Self {
        let mut c = Columns::default();
        for (i, h) in cells.iter().enumerate() {
            let h = h.to_lowercase();
            if is_id_header(&h) {
                continue;
            }
            if let Some(slot) = role_of(&h).map(|role| c.slot(role)) {
                slot.get_or_insert(i);
            }
        }
        if c.text.is_none() {
            c.text = (0..cells.len()).find(|i| {
                !is_id_header(&cells[*i].to_lowercase())
                    && ![c.kind, c.owner, c.bug, c.status, c.due, c.priority].contains(&Some(*i))
            });
        }
        c
    }
}
