//! Dispatch: the outbox of provider messages (queued by a command's transaction), the worker
//! that sends each at most once through a `Sender`, and the channels' delivery reports.
pub mod outbox;
pub mod repo;
pub mod sender;

pub use crate::db::entities::dispatches::DispatchStatus;
