//! Where each kind of page lives, relative to the site root: one place, so
//! a page links to another without importing the file that renders it.

/// URL of a postmortem's discussion packet.
pub fn discuss_url(id: &str) -> String {
    format!("discuss/{id}.html")
}

/// URL of a postmortem's Wheel of Misfortune page.
pub fn wheel_url(id: &str) -> String {
    format!("wheel/{id}.html")
}

/// URL of a root-cause cluster's page.
pub fn cluster_url(id: &str) -> String {
    format!("root-causes/{id}.html")
}
