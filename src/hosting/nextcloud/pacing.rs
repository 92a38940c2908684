//! How politely the client calls: calls spaced (`calls_per_second`), user edits kept within
//! Nextcloud's rate limit on `editUser` (50 per 10 minutes per admin by default), and a 429
//! honoured with its `Retry-After`, each wait bounded. The clock is injectable so that tests
//! never sleep for minutes.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Nextcloud's limit on user edits (`#[UserRateLimit(limit: 50, period: 600)]`).
pub const NEXTCLOUD_EDITS: usize = 50;
pub const NEXTCLOUD_EDIT_WINDOW: Duration = Duration::from_secs(600);
/// The longest the client waits at once; a longer wait ends the run (accounts left waiting).
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(60);
/// The wait after a 429 without `Retry-After`.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Time as the client sees it.
pub trait Clock: Send + Sync {
    fn now(&self) -> Instant;
    fn sleep(&self, duration: Duration);
}

/// The real clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration)
    }
}

/// The client's pacing state.
pub(super) struct Pacing {
    pub clock: Arc<dyn Clock>,
    pub interval: Duration,
    pub last_call: Mutex<Option<Instant>>,
    /// at most this many edits per window (`None`: no limit kept by Panier)
    pub edit_limit: Option<(usize, Duration)>,
    pub edits: Mutex<VecDeque<Instant>>,
    pub max_wait: Duration,
}

impl Pacing {
    pub fn new(interval: Duration) -> Self {
        Pacing {
            clock: Arc::new(SystemClock),
            interval,
            last_call: Mutex::new(None),
            edit_limit: Some((NEXTCLOUD_EDITS, NEXTCLOUD_EDIT_WINDOW)),
            edits: Mutex::new(VecDeque::new()),
            max_wait: DEFAULT_MAX_WAIT,
        }
    }

    /// Waits so that calls stay `interval` apart.
    pub fn space(&self) {
        let mut last = self.last_call.lock().unwrap_or_else(|e| e.into_inner());
        let wait = wait_before_call(*last, self.clock.now(), self.interval);
        if !wait.is_zero() {
            self.clock.sleep(wait);
        }
        *last = Some(self.clock.now());
    }

    /// Before a user edit: waits for room in the window if that is short, else says how long
    /// until there is room (`Err`), without waiting.
    pub fn before_edit(&self) -> Result<(), Duration> {
        let Some((limit, window)) = self.edit_limit else {
            return Ok(());
        };
        let mut edits = self.edits.lock().unwrap_or_else(|e| e.into_inner());
        let now = self.clock.now();
        while edits
            .front()
            .is_some_and(|t| now.duration_since(*t) >= window)
        {
            edits.pop_front();
        }
        if edits.len() >= limit.max(1) {
            let oldest = *edits.front().expect("full");
            let wait = (oldest + window).saturating_duration_since(now);
            if wait > self.max_wait {
                return Err(wait);
            }
            self.clock.sleep(wait);
            edits.pop_front();
        }
        edits.push_back(self.clock.now());
        Ok(())
    }

    /// After a 429: whether to wait `retry_after` (bounded) and try again.
    pub fn wait_to_retry(&self, retry_after: Option<Duration>) -> bool {
        let wait = retry_after.unwrap_or(DEFAULT_RETRY_AFTER);
        if wait > self.max_wait {
            return false;
        }
        self.clock.sleep(wait);
        true
    }
}

/// How long to wait before a call so that calls stay `interval` apart.
pub fn wait_before_call(last: Option<Instant>, now: Instant, interval: Duration) -> Duration {
    match last {
        Some(at) => (at + interval).saturating_duration_since(now),
        None => Duration::ZERO,
    }
}
