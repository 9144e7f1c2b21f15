//! Secrets are sealed at rest: a canary stored through the app never appears in the database
//! files, and opens only for the tenant and row it was sealed for.
mod common;

use panelrelay::secrets::Secret;
use panelrelay::tenants::repo::{get_secret, put_secret};

const CANARY: &str = "canary-secret-7f3a9c1e-do-not-store-plain";

fn database_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        if let Ok(bytes) = std::fs::read(dir.join(format!("panelrelay.db{suffix}"))) {
            all.extend(bytes);
        }
    }
    all
}

#[tokio::test]
async fn a_canary_secret_is_never_in_the_database_files_and_opens_only_in_its_tenant() {
    let app = common::spawn_app().await;
    let a = app.signup("sa@b.co", "A").await.workspace_id.expect("ws");
    let b = app.signup("sb@b.co", "B").await.workspace_id.expect("ws");
    let st = &app.state;
    put_secret(&st.db, &a, "bot_token", &Secret::new(CANARY.to_string()), &st.vault.secrets).await.expect("put");
    let back = get_secret(&st.db, &a, "bot_token", &st.vault.secrets).await.expect("get").expect("present");
    assert_eq!(back.expose(), CANARY);
    assert!(
        get_secret(&st.db, &b, "bot_token", &st.vault.secrets).await.expect("get").is_none(),
        "another tenant finds nothing"
    );
    assert!(!format!("{back:?}").contains(CANARY), "Debug never shows a secret");

    if common::engine() == "sqlite" {
        let bytes = database_bytes(app.data_dir.path());
        assert!(bytes.len() > 4096, "read the database files");
        let needle = CANARY.as_bytes();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "the canary is in the SQLite file in plain text");
        assert!(app.data_dir.path().join("master.key").is_file(), "the key lives beside the database, not in it");
    }
}

#[tokio::test]
async fn a_sealed_value_moved_to_another_tenants_row_does_not_open() {
    use panelrelay::db::entities::tenant_secrets;
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let app = common::spawn_app().await;
    let a = app.signup("ma@b.co", "A").await.workspace_id.expect("ws");
    let b = app.signup("mb@b.co", "B").await.workspace_id.expect("ws");
    let st = &app.state;
    put_secret(&st.db, &a, "api_key", &Secret::new(CANARY.to_string()), &st.vault.secrets).await.expect("put");
    put_secret(&st.db, &b, "api_key", &Secret::new("b's own".to_string()), &st.vault.secrets).await.expect("put");
    let a_row = tenant_secrets::Entity::find()
        .filter(tenant_secrets::Column::TenantId.eq(a.clone()))
        .one(&st.db)
        .await
        .expect("q")
        .expect("row");
    let b_row = tenant_secrets::Entity::find()
        .filter(tenant_secrets::Column::TenantId.eq(b.clone()))
        .one(&st.db)
        .await
        .expect("q")
        .expect("row");
    let mut moved: tenant_secrets::ActiveModel = b_row.into();
    moved.sealed = Set(a_row.sealed);
    moved.update(&st.db).await.expect("update");
    assert!(
        get_secret(&st.db, &b, "api_key", &st.vault.secrets).await.is_err(),
        "a copied ciphertext must not open in another tenant"
    );
}
