//! Attachment files, uploaded in parts so an interrupted upload resumes (000 §8).
//!
//! `PUT blobs/{sha256}/parts/{index}?parts=N&size=S`: the part's bytes, at most
//! [`desk_wire::MAX_PART`]; every part of a blob states the same `N` parts and `S` bytes.
//! Each part is kept with its own SHA-256; once all `N` are there, the concatenation
//! must be `S` bytes with the blob's name as its SHA-256, and the blob is complete (an
//! attach op may then name it). A blob whose parts do not add up loses them all and is
//! refused with `hash_mismatch`, so the client uploads it again.

use desk_wire::{BlobPart, BlobStatus, ErrorCode, MAX_PART};
use sha2::{Digest, Sha256};
use tokio_postgres::GenericClient;

use crate::error::{ApiError, ApiResult};

/// A blob's name: the SHA-256 of its bytes, hex, lower case.
pub fn check_name(sha256: &str) -> ApiResult<()> {
    if sha256.len() == 64
        && sha256
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    {
        Ok(())
    } else {
        Err(ApiError::new(ErrorCode::BadRequest)
            .field("sha256")
            .detail(format!("`{sha256}` is not a SHA-256")))
    }
}

/// The parts the server holds of a blob (none for a blob it has never seen).
pub async fn status(c: &impl GenericClient, sha256: &str) -> ApiResult<BlobStatus> {
    check_name(sha256)?;
    let rows = c
        .query(
            "SELECT index, size, part_sha256 FROM blob_parts WHERE sha256 = $1 ORDER BY index",
            &[&sha256],
        )
        .await?;
    let parts = rows
        .iter()
        .map(|r| {
            Ok(BlobPart {
                index: u32::try_from(r.get::<_, i32>(0)).map_err(ApiError::internal)?,
                size: u64::try_from(r.get::<_, i64>(1)).map_err(ApiError::internal)?,
                sha256: r.get(2),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok(BlobStatus {
        sha256: sha256.to_owned(),
        parts,
    })
}

/// How a client describes the blob a part belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub parts: u32,
    pub size: u64,
}

/// Stores one part; completes the blob when it was the last one missing.
pub async fn put_part(
    client: &mut tokio_postgres::Client,
    sha256: &str,
    index: u32,
    shape: Shape,
    bytes: &[u8],
) -> ApiResult<BlobStatus> {
    check_name(sha256)?;
    let bad = |f: &str, why: String| ApiError::new(ErrorCode::BadRequest).field(f).detail(why);
    let max_part = MAX_PART as u64;
    if shape.parts == 0 || shape.size > u64::from(shape.parts) * max_part {
        return Err(bad(
            "parts",
            format!("{} parts cannot hold {} bytes", shape.parts, shape.size),
        ));
    }
    if index >= shape.parts {
        return Err(bad("index", format!("part {index} of {}", shape.parts)));
    }
    if bytes.len() > MAX_PART {
        return Err(bad("body", format!("{} bytes in one part", bytes.len())).with_status(413));
    }
    let parts = i32::try_from(shape.parts).map_err(|_| bad("parts", "too many".into()))?;
    let size = i64::try_from(shape.size).map_err(|_| bad("size", "too large".into()))?;
    let index = i32::try_from(index).map_err(|_| bad("index", "too large".into()))?;
    let tx = client.transaction().await?;
    tx.execute(
        "INSERT INTO blobs(sha256, parts, size) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        &[&sha256, &parts, &size],
    )
    .await?;
    // Uploads of one blob through several instances wait for each other here.
    let blob = tx
        .query_one(
            "SELECT parts, size, complete FROM blobs WHERE sha256 = $1 FOR UPDATE",
            &[&sha256],
        )
        .await?;
    let (known_parts, known_size, complete): (i32, i64, bool) =
        (blob.get(0), blob.get(1), blob.get(2));
    if complete {
        tx.commit().await?;
        return status(client, sha256).await;
    }
    if (known_parts, known_size) != (parts, size) {
        return Err(bad(
            "parts",
            format!("the blob was started as {known_parts} parts of {known_size} bytes"),
        ));
    }
    let part_sha256 = hex::encode(Sha256::digest(bytes));
    let part_size = i64::try_from(bytes.len()).map_err(ApiError::internal)?;
    tx.execute(
        "INSERT INTO blob_parts(sha256, index, size, part_sha256, bytes) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sha256, index) DO UPDATE SET size = excluded.size,
           part_sha256 = excluded.part_sha256, bytes = excluded.bytes",
        &[&sha256, &index, &part_size, &part_sha256, &bytes],
    )
    .await?;
    let held: i64 = tx
        .query_one(
            "SELECT count(*) FROM blob_parts WHERE sha256 = $1",
            &[&sha256],
        )
        .await?
        .get(0);
    let mut refused = None;
    if held == i64::from(parts) {
        let (whole, total) = concatenation(&tx, sha256, parts).await?;
        if whole == sha256 && total == size {
            tx.execute(
                "UPDATE blobs SET complete = true WHERE sha256 = $1",
                &[&sha256],
            )
            .await?;
            tracing::info!(sha256, parts, size, "blob complete");
        } else {
            tx.execute("DELETE FROM blob_parts WHERE sha256 = $1", &[&sha256])
                .await?;
            tx.execute("DELETE FROM blobs WHERE sha256 = $1", &[&sha256])
                .await?;
            refused = Some(
                ApiError::new(ErrorCode::HashMismatch)
                    .field("sha256")
                    .detail(format!(
                        "the parts of {sha256} make {total} bytes with SHA-256 {whole}"
                    )),
            );
        }
    }
    tx.commit().await?;
    match refused {
        Some(e) => Err(e),
        None => status(client, sha256).await,
    }
}

/// The SHA-256 and size of the parts in order, read one part at a time.
async fn concatenation(
    c: &impl GenericClient,
    sha256: &str,
    parts: i32,
) -> ApiResult<(String, i64)> {
    let mut hasher = Sha256::new();
    let mut total = 0i64;
    for index in 0..parts {
        let row = c
            .query_one(
                "SELECT bytes FROM blob_parts WHERE sha256 = $1 AND index = $2",
                &[&sha256, &index],
            )
            .await?;
        let bytes: &[u8] = row.get(0);
        hasher.update(bytes);
        total += i64::try_from(bytes.len()).map_err(ApiError::internal)?;
    }
    Ok((hex::encode(hasher.finalize()), total))
}

/// One part's bytes.
pub async fn part(c: &impl GenericClient, sha256: &str, index: u32) -> ApiResult<Vec<u8>> {
    check_name(sha256)?;
    let index = i32::try_from(index).map_err(|_| ApiError::new(ErrorCode::NotFound))?;
    c.query_opt(
        "SELECT bytes FROM blob_parts WHERE sha256 = $1 AND index = $2",
        &[&sha256, &index],
    )
    .await?
    .map(|r| r.get::<_, Vec<u8>>(0))
    .ok_or_else(|| ApiError::new(ErrorCode::NotFound).field("index"))
}
