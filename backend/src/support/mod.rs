//! SaaS support: tickets between a workspace owner and the platform, separate from a panel's
//! own tickets. The owner opens a ticket and replies; the master admin answers; either side
//! closes it. Each side sees how many of the other side's messages it has not opened.
pub mod admin_routes;
pub mod repo;
pub mod routes;
