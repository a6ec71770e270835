import redis
import couchdb
