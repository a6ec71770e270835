use futures::FutureExt;
