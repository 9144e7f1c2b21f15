//! Fakes of the outside systems PanelRelay talks to, following `shared/contracts/`.
//! Each binds 127.0.0.1:0, records every request, and has switches for the quirks and faults
//! the real services show. Tests use them, and so does the sandbox.
pub mod greenapi;
pub mod panel;
pub mod recorder;
pub mod telegram;

/// Microseconds since the Unix epoch (for ordering and timing what the fakes recorded).
pub fn now_us() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros() as u64).unwrap_or(0)
}
