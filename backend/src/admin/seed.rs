//! First start: create the master admin from the configuration, or with a generated password
//! that is printed once on the console.
use sea_orm::DatabaseConnection;

use crate::auth::{passwords, repo};
use crate::config::Config;
use crate::error::AppError;

pub async fn ensure_master_admin(db: &DatabaseConnection, config: &Config) -> Result<(), AppError> {
    if repo::master_admin_exists(db).await? {
        return Ok(());
    }
    let email = crate::auth::domain::normalize_email(
        config.admin_email.as_deref().unwrap_or(crate::config::DEFAULT_ADMIN_EMAIL),
    );
    let (password, generated) = match &config.admin_password {
        Some(p) => (p.expose().clone(), false),
        None => (crate::secrets::random_token(12), true),
    };
    let hash = passwords::PasswordHasherPool::default().hash(password.clone()).await?;
    repo::insert_user(db, &email, hash, "master_admin", None).await?;
    tracing::info!(email = %email, "master admin account created");
    if generated {
        // Printed to the console on purpose, once: the operator needs it to sign in. Never logged.
        println!(
            "\n==================== PanelRelay master admin ====================\n  email:    {email}\n  password: {password}\n  (shown once; set PANELRELAY_ADMIN_PASSWORD to choose your own)\n=================================================================\n"
        );
    }
    Ok(())
}
