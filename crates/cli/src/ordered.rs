//! Parallel work, results in order: `threads` threads produce items 0..count in any order, and
//! the caller consumes them strictly in index order. At most `window` items are started but not
//! yet consumed, so a slow item holds back at most that many finished ones (memory stays flat
//! whatever `count` is) and the consumer sees the same sequence whatever the timing.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// Run `produce(state, i)` for every `i < count` on `threads` threads (each with its own
/// `init()` state, e.g. a worker process), and `consume(i, item)` in index order on the caller's
/// thread. The first error of `consume` stops the run and is returned.
pub fn run<S, T, E>(
    count: usize,
    threads: usize,
    window: usize,
    init: impl Fn() -> S + Sync,
    produce: impl Fn(&mut S, usize) -> T + Sync,
    mut consume: impl FnMut(usize, T) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
{
    let window = window.max(1);
    struct Progress {
        next: usize,
        consumed: usize,
        stop: bool,
    }
    let state = Mutex::new(Progress {
        next: 0,
        consumed: 0,
        stop: false,
    });
    let room = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            let tx = tx.clone();
            let (state, room, init, produce) = (&state, &room, &init, &produce);
            scope.spawn(move || {
                let mut own = init();
                loop {
                    let i = {
                        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
                        while !s.stop && s.next < count && s.next >= s.consumed + window {
                            s = room.wait(s).unwrap_or_else(|e| e.into_inner());
                        }
                        if s.stop || s.next >= count {
                            return;
                        }
                        s.next += 1;
                        s.next - 1
                    };
                    if tx.send((i, produce(&mut own, i))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        let mut result = Ok(());
        for (i, item) in rx.iter() {
            waiting.insert(i, item);
            while let Some(item) = waiting.remove(&expected) {
                if let Err(e) = consume(expected, item) {
                    result = Err(e);
                    break;
                }
                expected += 1;
            }
            let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
            s.consumed = expected;
            s.stop = result.is_err();
            room.notify_all();
            if result.is_err() {
                break;
            }
        }
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn items_come_out_in_order_within_the_window() {
        let running = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let consumed = AtomicUsize::new(0);
        run(
            50,
            4,
            6,
            || (),
            |_, i| {
                // started but not consumed: never more than the window
                let ahead = i + 1 - consumed.load(Ordering::SeqCst);
                most.fetch_max(ahead, Ordering::SeqCst);
                running.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(((i * 7) % 5) as u64));
                running.fetch_sub(1, Ordering::SeqCst);
                i * 10
            },
            |i, item| -> Result<(), ()> {
                assert_eq!(item, i * 10);
                seen.push(i);
                consumed.store(i + 1, Ordering::SeqCst);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..50).collect::<Vec<_>>());
        assert!(most.load(Ordering::SeqCst) <= 6);
    }

    #[test]
    fn a_consumer_error_stops_the_run() {
        let produced = AtomicUsize::new(0);
        let result = run(
            1000,
            2,
            4,
            || (),
            |_, i| {
                produced.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i, _| if i == 3 { Err("disk full") } else { Ok(()) },
        );
        assert_eq!(result, Err("disk full"));
        assert!(produced.load(Ordering::SeqCst) < 20);
    }
}
