use futures::StreamExt;
