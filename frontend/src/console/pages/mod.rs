pub mod audit;
pub mod backups;
pub mod customers;
pub mod invoices;
pub mod payment_methods;
pub mod plans;
pub mod subscriptions;
