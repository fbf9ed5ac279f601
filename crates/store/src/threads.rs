//! Work that calls polars, spread over plain threads rather than rayon's global pool.
//! polars runs its own parallel parts in its own rayon pool; a worker of another pool
//! that waits for it steals more of its own pool's jobs meanwhile, one inside the other,
//! until the stack overflows (seen writing 236 day files in a debug build).

/// `f` over `items` on as many threads as the machine has cores, in order.
pub fn map_on_threads<T, R, E>(
    items: Vec<T>,
    f: impl Fn(T) -> Result<R, E> + Sync,
) -> Result<Vec<R>, E>
where
    T: Send,
    R: Send,
    E: Send,
{
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads <= 1 || items.len() <= 1 {
        return items.into_iter().map(f).collect();
    }
    // Round robin, so that each thread gets a share of the large and the small items.
    let mut shares: Vec<Vec<(usize, T)>> = (0..threads).map(|_| Vec::new()).collect();
    let n = items.len();
    for (i, item) in items.into_iter().enumerate() {
        shares[i % threads].push((i, item));
    }
    let f = &f;
    let done: Vec<Result<Vec<(usize, R)>, E>> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                scope.spawn(move || {
                    share
                        .into_iter()
                        .map(|(i, item)| f(item).map(|r| (i, r)))
                        .collect::<Result<Vec<_>, E>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    let mut out: Vec<Option<R>> = (0..n).map(|_| None).collect();
    for share in done {
        for (i, r) in share? {
            out[i] = Some(r);
        }
    }
    Ok(out.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items_and_the_first_error_stops() {
        let squares = map_on_threads((0..100u64).collect(), |i| Ok::<_, String>(i * i)).unwrap();
        assert_eq!(squares, (0..100u64).map(|i| i * i).collect::<Vec<_>>());
        let err = map_on_threads((0..10u64).collect(), |i| {
            if i == 7 {
                Err(format!("item {i}"))
            } else {
                Ok(i)
            }
        })
        .unwrap_err();
        assert_eq!(err, "item 7");
    }
}
