//! The role guard: the one place that turns "who is this" into "what may they touch".
//!
//! Every server function goes through [`crate::auth::guard`] (server side), which loads the
//! [`Principal`] from the session and calls one of the pure checks below; the checks are pure so
//! that they are unit-tested without a database or HTTP.

use super::model::Role;
use crate::error::{AppError, NeededRole};
use domain::{PartnerId, UserId};
use serde::{Deserialize, Serialize};

/// The signed-in user with what the guard needs: role, partner and granted locations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub user_id: UserId,
    pub role: Role,
    pub partner_id: Option<PartnerId>,
    /// Locations granted to an Incentives user; ignored for an administrator (all locations).
    pub granted_locations: Vec<String>,
    /// The user's partner requires two-factor authentication and the user has not set it up:
    /// refused every partner function until it does (its account page stays open).
    pub two_factor_missing: bool,
    /// A Programme reviewer who also runs the programme's team.
    pub programme_admin: bool,
}

/// The locations a partner user may act for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LocationScope {
    /// Every location of the partner (Incentives administrator).
    All,
    /// Only these location IDs (Incentives user).
    Only(Vec<String>),
}

impl LocationScope {
    pub fn allows(&self, location_id: &str) -> bool {
        match self {
            LocationScope::All => true,
            LocationScope::Only(ids) => ids.iter().any(|id| id == location_id),
        }
    }
}

/// What a partner-side server function may see and do: one partner, some of its locations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerScope {
    pub user_id: UserId,
    pub partner_id: PartnerId,
    pub role: Role,
    pub locations: LocationScope,
}

/// Incentives administrator or Incentives user of a partner.
pub fn require_incentives(principal: &Principal) -> Result<PartnerScope, AppError> {
    let partner_id = match (principal.role, principal.partner_id) {
        (role, Some(partner_id)) if role.has_incentives_role() => partner_id,
        _ => return Err(AppError::Forbidden(NeededRole::Incentives)),
    };
    if principal.two_factor_missing {
        return Err(AppError::Forbidden(NeededRole::TwoFactor));
    }
    let locations = match principal.role {
        Role::IncentivesAdmin => LocationScope::All,
        _ => LocationScope::Only(principal.granted_locations.clone()),
    };
    Ok(PartnerScope {
        user_id: principal.user_id,
        partner_id,
        role: principal.role,
        locations,
    })
}

/// Incentives administrator only (managing the partner's users' roles).
pub fn require_incentives_admin(principal: &Principal) -> Result<PartnerScope, AppError> {
    if principal.role != Role::IncentivesAdmin {
        return Err(AppError::Forbidden(NeededRole::IncentivesAdmin));
    }
    require_incentives(principal)
}

/// A programme administrator: a Programme reviewer who runs the programme's team.
pub fn require_programme_admin(principal: &Principal) -> Result<UserId, AppError> {
    match require_reviewer(principal) {
        Ok(user_id) if principal.programme_admin => Ok(user_id),
        _ => Err(AppError::Forbidden(NeededRole::ProgrammeAdmin)),
    }
}

/// Programme reviewer (programme operations; belongs to no partner).
pub fn require_reviewer(principal: &Principal) -> Result<UserId, AppError> {
    if principal.role == Role::ProgrammeReviewer && principal.partner_id.is_none() {
        Ok(principal.user_id)
    } else {
        Err(AppError::Forbidden(NeededRole::ProgrammeReviewer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role, partner_id: Option<i64>, granted: &[&str]) -> Principal {
        Principal {
            user_id: UserId::new(7),
            role,
            partner_id: partner_id.map(PartnerId::new),
            granted_locations: granted.iter().map(|s| s.to_string()).collect(),
            two_factor_missing: false,
            programme_admin: false,
        }
    }

    #[test]
    fn an_administrator_acts_for_every_location_of_its_partner() {
        let scope = require_incentives(&principal(Role::IncentivesAdmin, Some(1), &[])).unwrap();
        assert_eq!(scope.partner_id, PartnerId::new(1));
        assert_eq!(scope.locations, LocationScope::All);
        assert!(scope.locations.allows("1234567"));
    }

    #[test]
    fn an_incentives_user_acts_only_for_its_granted_locations() {
        let scope =
            require_incentives(&principal(Role::IncentivesUser, Some(1), &["1000001"])).unwrap();
        assert!(scope.locations.allows("1000001"));
        assert!(!scope.locations.allows("1000002"));
    }

    #[test]
    fn a_partner_user_without_an_incentives_role_is_refused_with_the_role_it_needs() {
        let refused = require_incentives(&principal(Role::PartnerUser, Some(1), &[]));
        assert_eq!(refused, Err(AppError::Forbidden(NeededRole::Incentives)));
    }

    #[test]
    fn a_programme_reviewer_is_refused_partner_pages() {
        let refused = require_incentives(&principal(Role::ProgrammeReviewer, None, &[]));
        assert_eq!(refused, Err(AppError::Forbidden(NeededRole::Incentives)));
    }

    #[test]
    fn an_incentives_role_without_a_partner_is_refused() {
        let refused = require_incentives(&principal(Role::IncentivesAdmin, None, &[]));
        assert!(refused.is_err());
    }

    #[test]
    fn a_partner_user_without_the_two_factor_its_team_requires_is_refused_until_it_sets_it_up() {
        for role in [Role::IncentivesAdmin, Role::IncentivesUser] {
            let mut missing = principal(role, Some(1), &["1000001"]);
            missing.two_factor_missing = true;
            assert_eq!(
                require_incentives(&missing),
                Err(AppError::Forbidden(NeededRole::TwoFactor))
            );
            assert!(require_incentives_admin(&missing).is_err(), "{role:?}");
        }
    }

    #[test]
    fn only_the_administrator_passes_the_administrator_guard() {
        assert!(require_incentives_admin(&principal(Role::IncentivesAdmin, Some(1), &[])).is_ok());
        assert_eq!(
            require_incentives_admin(&principal(Role::IncentivesUser, Some(1), &[])),
            Err(AppError::Forbidden(NeededRole::IncentivesAdmin))
        );
    }

    #[test]
    fn only_a_reviewer_passes_the_reviewer_guard() {
        assert_eq!(
            require_reviewer(&principal(Role::ProgrammeReviewer, None, &[])),
            Ok(UserId::new(7))
        );
        assert!(require_reviewer(&principal(Role::IncentivesAdmin, Some(1), &[])).is_err());
        assert!(require_reviewer(&principal(Role::PartnerUser, Some(1), &[])).is_err());
    }

    #[test]
    fn only_a_reviewer_named_administrator_runs_the_programme_team() {
        let mut admin = principal(Role::ProgrammeReviewer, None, &[]);
        assert_eq!(
            require_programme_admin(&admin),
            Err(AppError::Forbidden(NeededRole::ProgrammeAdmin))
        );
        admin.programme_admin = true;
        assert_eq!(require_programme_admin(&admin), Ok(UserId::new(7)));
        // The flag means nothing on a partner's user.
        let mut partner = principal(Role::IncentivesAdmin, Some(1), &[]);
        partner.programme_admin = true;
        assert!(require_programme_admin(&partner).is_err());
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}
