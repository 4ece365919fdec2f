//! The resource groups and scopes of discovery document rev 20260719, read from the file itself.

use std::sync::OnceLock;

pub const SCOPE_PREFIX: &str = "https://www.googleapis.com/auth/dataportability.";

const DISCOVERY: &str = include_str!("../discovery/dataportability.v1.discovery.json");

#[derive(Debug, Clone)]
pub struct ResourceInfo {
    pub name: String,
    pub description: String,
}

/// Every resource in the discovery document's order (its scopes are sorted there).
pub fn resources() -> &'static [ResourceInfo] {
    static RESOURCES: OnceLock<Vec<ResourceInfo>> = OnceLock::new();
    RESOURCES.get_or_init(|| {
        // The document is compiled in, so a parse failure is a build defect, not bad input.
        let doc: serde_json::Value =
            serde_json::from_str(DISCOVERY).expect("embedded discovery document is JSON");
        let scopes = doc
            .pointer("/auth/oauth2/scopes")
            .and_then(|s| s.as_object())
            .expect("discovery document lists its OAuth scopes");
        scopes
            .iter()
            .filter_map(|(scope, info)| {
                let name = scope.strip_prefix(SCOPE_PREFIX)?;
                Some(ResourceInfo {
                    name: name.to_string(),
                    description: info
                        .get("description")
                        .and_then(|d| d.as_str())
                        .unwrap_or_default()
                        .to_string(),
                })
            })
            .collect()
    })
}

pub fn find(resource: &str) -> Option<&'static ResourceInfo> {
    resources().iter().find(|r| r.name == resource)
}

pub fn is_known(resource: &str) -> bool {
    find(resource).is_some()
}

/// `startTime`/`endTime` are honoured only by the My Activity groups and Chrome history.
pub fn supports_time_filter(resource: &str) -> bool {
    resource.starts_with("myactivity.") || resource == "chrome.history"
}

pub fn scope_of(resource: &str) -> String {
    format!("{SCOPE_PREFIX}{resource}")
}

/// The resource of a known Data Portability scope.
pub fn resource_of(scope: &str) -> Option<&'static str> {
    let name = scope.strip_prefix(SCOPE_PREFIX)?;
    find(name).map(|r| r.name.as_str())
}

/// What an authorization request may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Portability(&'static str),
    /// A real Google scope of another API; Data Portability scopes must not be mixed with it.
    OtherGoogle,
    Invalid,
}

pub fn classify_scope(scope: &str) -> ScopeKind {
    if let Some(resource) = resource_of(scope) {
        return ScopeKind::Portability(resource);
    }
    if scope.starts_with(SCOPE_PREFIX) {
        return ScopeKind::Invalid;
    }
    let other = matches!(scope, "openid" | "email" | "profile")
        || (scope.starts_with("https://www.googleapis.com/auth/")
            && scope.len() > "https://www.googleapis.com/auth/".len());
    if other {
        ScopeKind::OtherGoogle
    } else {
        ScopeKind::Invalid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_lists_73_resources() {
        assert_eq!(resources().len(), 73);
        assert!(is_known("myactivity.search"));
        assert!(supports_time_filter("chrome.history"));
        assert!(!supports_time_filter("chrome.bookmarks"));
    }
}
