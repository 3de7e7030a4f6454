export {
  decodeMessage,
  decodeValue,
  decodeRequest,
  isCall,
  isNotification,
  type Decoded,
  type DecodedItem,
  type JsonRpcCall,
} from './decode';
export { success, failure, failureCode, encodeResponses, encodeNotification } from './encode';
export { answerMessage, type Outcome } from './answer';
