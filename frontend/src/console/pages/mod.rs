pub mod backups;
pub mod customers;
