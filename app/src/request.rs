//! Work shared by the server functions of one request.
//!
//! A page's server render calls several server functions in one request: the layout's current
//! user, the page's own data, the Customers page's tab counts. Each checks the session and loads
//! the signed-in user, and the Customers page's two reads each look up the partner's engagements
//! and drain the engagement's marks. The request's [`RequestMemo`] (in the Leptos context, given
//! by the server to every page render and server-function call) lets the first of them do it and
//! the others wait for its answer.
//!
//! Nothing outlives the request, and nothing is shared between requests or users: a changed role,
//! a removed user or an ended session takes effect at the next request, as before. Without the
//! context (a plain axum handler, a service called directly) every call loads for itself.

use crate::auth::guard::Principal;
use crate::auth::CurrentUser;
use domain::{EngagementId, PartnerId, UserId};
use leptos::prelude::{provide_context, use_context};
use std::sync::Arc;
use tokio::sync::OnceCell;

/// What this request has already loaded. Cheap to clone (one `Arc`).
#[derive(Clone, Default)]
pub struct RequestMemo(Arc<Memo>);

#[derive(Default)]
struct Memo {
    /// The session's user, once its absolute lifetime has been checked.
    user_id: OnceCell<Option<UserId>>,
    principal: OnceCell<Option<Principal>>,
    current_user: OnceCell<Option<CurrentUser>>,
    /// A partner's engagements with a Customers page.
    partner_engagements: OnceCell<(PartnerId, Vec<EngagementId>)>,
    /// The partner's engagement whose marks this request has drained.
    drained: OnceCell<(PartnerId, EngagementId)>,
}

impl RequestMemo {
    /// Gives the current request a memo of its own (the server calls it for each request).
    pub fn provide() {
        provide_context(RequestMemo::default());
    }

    /// The current request's memo, if the server gave it one.
    pub fn current() -> Option<RequestMemo> {
        use_context::<RequestMemo>()
    }

    /// The session's user, loaded by `load` once per request.
    pub(crate) async fn user_id<E>(
        &self,
        load: impl std::future::Future<Output = Result<Option<UserId>, E>>,
    ) -> Result<Option<UserId>, E> {
        self.0.user_id.get_or_try_init(|| load).await.copied()
    }

    pub(crate) async fn principal<E>(
        &self,
        load: impl std::future::Future<Output = Result<Option<Principal>, E>>,
    ) -> Result<Option<Principal>, E> {
        self.0.principal.get_or_try_init(|| load).await.cloned()
    }

    pub(crate) async fn current_user<E>(
        &self,
        load: impl std::future::Future<Output = Result<Option<CurrentUser>, E>>,
    ) -> Result<Option<CurrentUser>, E> {
        self.0.current_user.get_or_try_init(|| load).await.cloned()
    }

    /// `partner`'s engagements, loaded by `load` once per request (for the first partner asked
    /// about; another partner's are loaded each time).
    pub(crate) async fn partner_engagements<E, F>(
        &self,
        partner: PartnerId,
        load: impl Fn() -> F,
    ) -> Result<Vec<EngagementId>, E>
    where
        F: std::future::Future<Output = Result<Vec<EngagementId>, E>>,
    {
        let (cached_for, engagements) = self
            .0
            .partner_engagements
            .get_or_try_init(|| async { Ok::<_, E>((partner, load().await?)) })
            .await?;
        if *cached_for == partner {
            Ok(engagements.clone())
        } else {
            load().await
        }
    }

    /// Runs `drain` for this partner's engagement unless this request already did; a second
    /// caller waits for the first one's drain to finish. (Another engagement is drained each
    /// time.)
    pub(crate) async fn drain_once<E, F>(
        &self,
        key: (PartnerId, EngagementId),
        drain: impl Fn() -> F,
    ) -> Result<(), E>
    where
        F: std::future::Future<Output = Result<(), E>>,
    {
        let done_for = self
            .0
            .drained
            .get_or_try_init(|| async {
                drain().await?;
                Ok::<_, E>(key)
            })
            .await?;
        if *done_for == key {
            Ok(())
        } else {
            drain().await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "current_thread")]
    async fn callers_of_one_request_share_one_load_and_a_failed_load_is_tried_again() {
        let memo = RequestMemo::default();
        let loads = AtomicUsize::new(0);
        let load = || async {
            loads.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok::<_, ()>(Some(UserId::new(7)))
        };
        let (a, b) = tokio::join!(memo.user_id(load()), memo.user_id(load()));
        assert_eq!((a, b), (Ok(Some(UserId::new(7))), Ok(Some(UserId::new(7)))));
        assert_eq!(loads.load(Ordering::SeqCst), 1, "the second caller waited");

        // An error is not remembered: the next caller loads again.
        let other = RequestMemo::default();
        assert_eq!(
            other
                .user_id(async { Err::<Option<UserId>, _>("down") })
                .await,
            Err("down")
        );
        assert_eq!(other.user_id(load()).await, Ok(Some(UserId::new(7))));
        assert_eq!(loads.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn only_the_first_partner_and_engagement_are_remembered() {
        let memo = RequestMemo::default();
        let loads = AtomicUsize::new(0);
        let engagements = |n: i64| {
            let loads = &loads;
            move || async move {
                loads.fetch_add(1, Ordering::SeqCst);
                Ok::<_, ()>(vec![EngagementId::new(n)])
            }
        };
        let (contoso, fabrikam) = (PartnerId::new(1), PartnerId::new(2));
        assert_eq!(
            memo.partner_engagements(contoso, engagements(10)).await,
            Ok(vec![EngagementId::new(10)])
        );
        assert_eq!(
            memo.partner_engagements(contoso, engagements(99)).await,
            Ok(vec![EngagementId::new(10)])
        );
        assert_eq!(
            memo.partner_engagements(fabrikam, engagements(20)).await,
            Ok(vec![EngagementId::new(20)])
        );
        assert_eq!(loads.load(Ordering::SeqCst), 2);

        let drains = AtomicUsize::new(0);
        let drain = || async {
            drains.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>(())
        };
        let first = (contoso, EngagementId::new(10));
        memo.drain_once(first, drain).await.unwrap();
        memo.drain_once(first, drain).await.unwrap();
        memo.drain_once((contoso, EngagementId::new(11)), drain)
            .await
            .unwrap();
        memo.drain_once((contoso, EngagementId::new(11)), drain)
            .await
            .unwrap();
        assert_eq!(
            drains.load(Ordering::SeqCst),
            3,
            "another engagement is drained each time"
        );
    }
}
