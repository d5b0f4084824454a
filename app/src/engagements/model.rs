//! Wire types of the Engagements page.

use serde::{Deserialize, Serialize};

/// Where an engagement stands in its open period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpenState {
    /// Opens on the given day (Unix seconds).
    NotYetOpen(i64),
    /// Open until the given day.
    Open(i64),
    /// Closed on the given day.
    Closed(i64),
}

impl OpenState {
    pub fn at(now: i64, open_from: i64, open_until: i64) -> Self {
        if now < open_from {
            OpenState::NotYetOpen(open_from)
        } else if now < open_until {
            OpenState::Open(open_until)
        } else {
            OpenState::Closed(open_until)
        }
    }
}

/// One row of the Engagements page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementSummary {
    pub id: domain::EngagementId,
    pub code: String,
    pub name: String,
    pub solution_area: String,
    /// `fixed` or `variable`.
    pub payment_type: String,
    /// Customer ID type codes, in the programme's order.
    pub accepted_id_types: Vec<String>,
    /// Enrolled locations of this partner (within the user's scope) eligible for it.
    pub eligible_locations: i64,
    pub open_state: OpenState,
}

#[cfg(test)]
mod tests {
    use super::OpenState;

    #[test]
    fn the_open_period_includes_its_start_and_excludes_its_end() {
        assert_eq!(OpenState::at(9, 10, 20), OpenState::NotYetOpen(10));
        assert_eq!(OpenState::at(10, 10, 20), OpenState::Open(20));
        assert_eq!(OpenState::at(19, 10, 20), OpenState::Open(20));
        assert_eq!(OpenState::at(20, 10, 20), OpenState::Closed(20));
    }
}
