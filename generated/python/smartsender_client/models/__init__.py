"""Contains all the data models used in inputs/outputs"""

from .cart_pivot import CartPivot
from .cash import Cash
from .channel import Channel
from .chat import Chat
from .checkout_page import CheckoutPage
from .contact import Contact
from .contact_page import ContactPage
from .create_gate_request import CreateGateRequest
from .create_gate_request_parameters import CreateGateRequestParameters
from .cursor import Cursor
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .fire_event_request import FireEventRequest
from .funnel import Funnel
from .funnel_page import FunnelPage
from .gate import Gate
from .gate_page import GatePage
from .message import Message
from .message_page import MessagePage
from .message_parameters import MessageParameters
from .message_resource import MessageResource
from .message_sender import MessageSender
from .message_state import MessageState
from .message_template import MessageTemplate
from .note import Note
from .note_page import NotePage
from .note_request import NoteRequest
from .product import Product
from .product_essence import ProductEssence
from .send_media_message_request import SendMediaMessageRequest
from .send_media_message_request_type import SendMediaMessageRequestType
from .send_text_message_request import SendTextMessageRequest
from .send_text_message_request_type import SendTextMessageRequestType
from .service_contact import ServiceContact
from .simple_contact import SimpleContact
from .state_result import StateResult
from .tag import Tag
from .tag_page import TagPage
from .unverified_error_response import UnverifiedErrorResponse
from .update_contact_request import UpdateContactRequest
from .update_contact_request_values import UpdateContactRequestValues
from .user import User
from .variable import Variable

__all__ = (
    "CartPivot",
    "Cash",
    "Channel",
    "Chat",
    "CheckoutPage",
    "Contact",
    "ContactPage",
    "CreateGateRequest",
    "CreateGateRequestParameters",
    "Cursor",
    "ErrorDetail",
    "ErrorResponse",
    "FireEventRequest",
    "Funnel",
    "FunnelPage",
    "Gate",
    "GatePage",
    "Message",
    "MessagePage",
    "MessageParameters",
    "MessageResource",
    "MessageSender",
    "MessageState",
    "MessageTemplate",
    "Note",
    "NotePage",
    "NoteRequest",
    "Product",
    "ProductEssence",
    "SendMediaMessageRequest",
    "SendMediaMessageRequestType",
    "SendTextMessageRequest",
    "SendTextMessageRequestType",
    "ServiceContact",
    "SimpleContact",
    "StateResult",
    "Tag",
    "TagPage",
    "UnverifiedErrorResponse",
    "UpdateContactRequest",
    "UpdateContactRequestValues",
    "User",
    "Variable",
)
