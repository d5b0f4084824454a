//! The background workers on both backends, where one bad row must not break them: the
//! deadline sweeper skips a claim it cannot expire and expires the others.

mod common;

use app::state::AppState;
use common::fixtures::{
    ClaimFixture, AZ_MIG_ASSESS, DAY, T_ADVENTURE, T_NORTHWIND, T_TAILSPIN, T_WWI,
};
use common::{seeded_state, Backend};
use domain::CustomerIdType;
use sqlx::Row;

// ---------------------------------------------------------------------------------------------
// The deadline sweeper

/// A claim of Contoso's on the migration assessment (30-day consent window) for a tenant.
async fn tenant_claim(state: &AppState, tenant: &str) -> common::fixtures::FixtureClaim {
    ClaimFixture::new(state)
        .customer(CustomerIdType::TenantId, tenant)
        .on(AZ_MIG_ASSESS)
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await
}

async fn status_of(db: &app::db::Db, id: i64) -> String {
    sqlx::query("SELECT status FROM claims WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// Makes every write of one claim fail, as a broken row or a failing disk would.
async fn refuse_updates_of(db: &app::db::Db, backend: Backend, claim_id: i64) {
    let statements = match backend {
        Backend::Sqlite => vec![format!(
            "CREATE TRIGGER refuse_claim BEFORE UPDATE ON claims WHEN OLD.id = {claim_id}
             BEGIN SELECT RAISE(ABORT, 'this claim cannot be written'); END"
        )],
        Backend::Postgres => vec![
            "CREATE FUNCTION refuse_claim() RETURNS trigger AS $$
             BEGIN RAISE EXCEPTION 'this claim cannot be written'; END $$ LANGUAGE plpgsql"
                .to_owned(),
            format!(
                "CREATE TRIGGER refuse_claim BEFORE UPDATE ON claims FOR EACH ROW
                 WHEN (OLD.id = {claim_id}) EXECUTE FUNCTION refuse_claim()"
            ),
        ],
    };
    for sql in statements {
        sqlx::query(&sql).execute(&db.pool).await.unwrap();
    }
}

async fn one_bad_claim_is_skipped_and_every_other_due_claim_expires(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;

    // A claim whose transition cannot be written, due with three sound ones.
    let refused = tenant_claim(&state, T_NORTHWIND).await;
    let mut sound = Vec::new();
    for tenant in [T_ADVENTURE, T_TAILSPIN, T_WWI] {
        sound.push(tenant_claim(&state, tenant).await);
    }
    refuse_updates_of(&db, backend, refused.id).await;
    clock.advance(31 * DAY);
    let expired = app::claims::sweeper::sweep(&state)
        .await
        .expect("one claim that cannot be written does not end the pass");
    assert!(expired >= 3, "{expired}");
    for claim in &sound {
        assert_eq!(status_of(&db, claim.id).await, "consent_expired");
    }
    assert_eq!(status_of(&db, refused.id).await, "customer_claimed");

    // A claim whose row cannot be read (a status this code never writes), due with a sound
    // one, while the first is still refused: the pass skips both and expires the other.
    let unreadable = tenant_claim(&state, T_ADVENTURE).await;
    let fine = tenant_claim(&state, T_TAILSPIN).await;
    sqlx::query("UPDATE claims SET status = 'no_such_status' WHERE id = $1")
        .bind(unreadable.id)
        .execute(&db.pool)
        .await
        .unwrap();
    clock.advance(31 * DAY);
    let expired = app::claims::sweeper::sweep(&state)
        .await
        .expect("an unreadable claim does not end the pass");
    assert!(expired >= 1, "{expired}");
    assert_eq!(status_of(&db, fine.id).await, "consent_expired");
    assert_eq!(status_of(&db, unreadable.id).await, "no_such_status");
    assert_eq!(status_of(&db, refused.id).await, "customer_claimed");
    // The next pass skips them again, and the worker's pass goes on to its housekeeping.
    assert_eq!(app::claims::sweeper::sweep(&state).await.unwrap(), 0);
    server::workers::tick(&state).await.unwrap();
}
backend_tests!(one_bad_claim_is_skipped_and_every_other_due_claim_expires,);
