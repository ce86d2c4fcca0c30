//! Attachments' files in parts: an interrupted upload resumes from what the server holds,
//! and a blob is complete only when its parts add up to its name (000 §8).
#![allow(clippy::unwrap_used)]

mod common;

use common::{Server, Workstation, refused};
use desk_wire::{BlobStatus, ErrorCode, Role};
use sha2::{Digest, Sha256};

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn server() -> (Server, String) {
    let s = Server::start().await;
    s.user("aigul", Role::Operator).await;
    let token = s.token("aigul", &Workstation::new("AST1")).await;
    (s, token)
}

#[tokio::test]
async fn an_upload_resumes_part_by_part_and_completes_when_the_parts_add_up() {
    let (s, token) = server().await;
    let parts: [Vec<u8>; 2] = [vec![1u8; 1000], vec![2u8; 500]];
    let whole: Vec<u8> = parts.concat();
    let name = sha(&whole);
    let put = |index: usize| {
        s.put(
            &format!("blobs/{name}/parts/{index}?parts=2&size={}", whole.len()),
            &token,
        )
        .body(parts[index].clone())
        .send()
    };
    let status = |s: &Server| s.get(&format!("blobs/{name}"), &token).send();
    let before: BlobStatus = status(&s).await.unwrap().json().await.unwrap();
    assert!(before.parts.is_empty());

    let after_first: BlobStatus = put(0).await.unwrap().json().await.unwrap();
    assert_eq!(after_first.parts.len(), 1);
    assert_eq!(after_first.parts[0].sha256, sha(&parts[0]));
    assert_eq!(after_first.parts[0].size, 1000);
    assert_eq!(
        s.count("SELECT count(*) FROM blobs WHERE complete").await,
        0
    );
    // The connection dropped here; the client asks what the server holds and goes on.
    let held: BlobStatus = status(&s).await.unwrap().json().await.unwrap();
    assert_eq!(held, after_first);
    let done: BlobStatus = put(1).await.unwrap().json().await.unwrap();
    assert_eq!(done.parts.len(), 2);
    assert_eq!(
        s.count("SELECT count(*) FROM blobs WHERE complete").await,
        1
    );
    let res = s
        .get(&format!("blobs/{name}/parts/1"), &token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().to_vec(), parts[1]);
    let res = s
        .get(&format!("blobs/{name}/parts/5"), &token)
        .send()
        .await
        .unwrap();
    refused(res, 404, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn parts_that_do_not_make_the_named_blob_are_dropped_and_refused() {
    let (s, token) = server().await;
    let name = sha(b"the real file");
    let res = s
        .put(&format!("blobs/{name}/parts/0?parts=1&size=9"), &token)
        .body(&b"forgeries"[..])
        .send()
        .await
        .unwrap();
    let body = refused(res, 422, ErrorCode::HashMismatch).await;
    assert_eq!(body.error.field.as_deref(), Some("sha256"));
    assert_eq!(s.count("SELECT count(*) FROM blob_parts").await, 0);
    assert_eq!(s.count("SELECT count(*) FROM blobs").await, 0);

    // A part index past the stated count, a missing count, a name that is no hash.
    let res = s
        .put(&format!("blobs/{name}/parts/3?parts=2&size=10"), &token)
        .body(&b"x"[..])
        .send()
        .await
        .unwrap();
    let body = refused(res, 400, ErrorCode::BadRequest).await;
    assert_eq!(body.error.field.as_deref(), Some("index"));
    let res = s
        .put(&format!("blobs/{name}/parts/0"), &token)
        .body(&b"x"[..])
        .send()
        .await
        .unwrap();
    let body = refused(res, 400, ErrorCode::BadRequest).await;
    assert_eq!(body.error.field.as_deref(), Some("parts"));
    let res = s.get("blobs/not-a-hash", &token).send().await.unwrap();
    let body = refused(res, 400, ErrorCode::BadRequest).await;
    assert_eq!(body.error.field.as_deref(), Some("sha256"));
    // Another part count for a blob already started is refused.
    let name = sha(b"two parts");
    s.put(&format!("blobs/{name}/parts/0?parts=2&size=9"), &token)
        .body(&b"two "[..])
        .send()
        .await
        .unwrap();
    let res = s
        .put(&format!("blobs/{name}/parts/1?parts=3&size=9"), &token)
        .body(&b"parts"[..])
        .send()
        .await
        .unwrap();
    let body = refused(res, 400, ErrorCode::BadRequest).await;
    assert_eq!(body.error.field.as_deref(), Some("parts"));
}
